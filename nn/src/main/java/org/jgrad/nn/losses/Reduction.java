package org.jgrad.nn.losses;

import org.jgrad.autograd.Tensor;

/**
 * How a loss turns its per-element values ℓ into the result, as PyTorch's {@code reduction}
 * argument. Losses with class weights or ignored positions define their own {@link #MEAN}
 * denominator (see {@link CrossEntropyLoss} and {@link NllLoss}).
 */
public enum Reduction {
    /** The average of ℓ (rank 0). */
    MEAN,
    /** The sum of ℓ (rank 0). */
    SUM,
    /** ℓ itself, one value per element (per sample and position for class losses). */
    NONE;

    /** Applies this reduction to per-element values, dividing by the element count for {@link #MEAN}. */
    public Tensor reduce(Tensor perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
