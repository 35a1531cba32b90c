package org.jgrad.nn.losses;

import java.util.Objects;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;

/**
 * Mean squared error, PyTorch's {@code nn.MSELoss}: ℓᵢ = (xᵢ − yᵢ)² per element; MEAN divides Σᵢ ℓᵢ
 * by the number of elements, SUM returns Σᵢ ℓᵢ, NONE returns ℓ (the input's shape).
 *
 * <p>Input and target must be floating and of the same shape (PyTorch broadcasts with a warning;
 * jgrad refuses, since a broadcast here is almost always a bug). The target may require grad.
 */
public final class MseLoss {
    private static final String NAME = "MseLoss";
    private final Reduction reduction;

    public MseLoss() { this(Reduction.MEAN); }

    public MseLoss(Reduction reduction) {
        this.reduction = Objects.requireNonNull(reduction, NAME + ": reduction is null");
    }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) {
        return Losses.mseLoss(NAME, input, target, reduction);
    }

    /** With a constant target. */
    public Tensor forward(Tensor input, NDArray target) {
        return forward(input, Tensor.of(target));
    }

    @Override
    public String toString() { return NAME + "(reduction=" + reduction + ")"; }
}
