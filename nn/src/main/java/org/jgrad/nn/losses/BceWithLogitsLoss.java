package org.jgrad.nn.losses;

import java.util.Objects;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;

/**
 * Binary cross entropy on logits, PyTorch's {@code nn.BCEWithLogitsLoss}: the sigmoid and the
 * cross entropy in one numerically stable expression. For a logit x and a target y in [0, 1]
 * (soft targets allowed),
 *
 * <pre>
 *   −[y·log σ(x) + (1 − y)·log(1 − σ(x))]  =  max(x, 0) − x·y + log(1 + e^(−|x|))
 * </pre>
 *
 * which never exponentiates a positive number. With a positive-class weight p (PyTorch's
 * {@code pos_weight}, broadcast against the input, typically one value per class on the last
 * axis) the positive term is scaled, −[p·y·log σ(x) + (1 − y)·log(1 − σ(x))], computed as
 *
 * <pre>
 *   ℓᵢ = (1 − yᵢ)·xᵢ + (1 + (pᵢ − 1)·yᵢ) · (log(1 + e^(−|xᵢ|)) + max(−xᵢ, 0))
 * </pre>
 *
 * (equal to the first form when p = 1). An optional element weight w (PyTorch's {@code weight},
 * broadcast against the input) multiplies ℓᵢ. MEAN divides Σᵢ wᵢℓᵢ by the number of elements, SUM
 * returns the sum, NONE the per-element values. Input and target must be floating and of one shape.
 * Weights are set by name ({@code new BceWithLogitsLoss().withPosWeight(p)}, or {@link BceWeights});
 * the computation is {@link Losses#binaryCrossEntropyWithLogits}.
 */
public final class BceWithLogitsLoss {
    private static final String NAME = "BceWithLogitsLoss";

    private final BceWeights weights;
    private final Reduction reduction;

    /** Mean reduction, no weights. */
    public BceWithLogitsLoss() {
        this(BceWeights.NONE, Reduction.MEAN);
    }

    /** No weights, the given reduction. */
    public BceWithLogitsLoss(Reduction reduction) {
        this(BceWeights.NONE, reduction);
    }

    /** Weights set by name ({@link BceWeights#posWeight}, {@link BceWeights#weight}) and a reduction. */
    public BceWithLogitsLoss(BceWeights weights, Reduction reduction) {
        this.weights = Objects.requireNonNull(weights, NAME + ": weights are null (use BceWeights.NONE)");
        this.reduction = Objects.requireNonNull(reduction, NAME + ": reduction is null");
    }

    /**
     * Element weights and positive-class weights, each null for none.
     *
     * @deprecated two adjacent arrays are easy to swap; use {@code withWeight}/{@code withPosWeight} or {@link BceWeights}.
     */
    @Deprecated
    public BceWithLogitsLoss(NDArray weight, NDArray posWeight, Reduction reduction) {
        this(BceWeights.NONE.andWeight(weight).andPosWeight(posWeight), reduction);
    }

    public BceWithLogitsLoss withWeight(NDArray weight) { return new BceWithLogitsLoss(weights.andWeight(weight), reduction); }
    public BceWithLogitsLoss withPosWeight(NDArray posWeight) { return new BceWithLogitsLoss(weights.andPosWeight(posWeight), reduction); }
    public BceWithLogitsLoss withReduction(Reduction reduction) { return new BceWithLogitsLoss(weights, reduction); }

    public NDArray weight() { return weights.weight(); }
    public NDArray posWeight() { return weights.posWeight(); }
    public BceWeights weights() { return weights; }
    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(NAME, input, target, weights, reduction);
    }

    /** With a constant target. */
    public Tensor forward(Tensor input, NDArray target) {
        return forward(input, Tensor.of(target));
    }

    @Override
    public String toString() {
        return NAME + "(reduction=" + reduction + (weights.weight() != null ? ", weight" : "") + (weights.posWeight() != null ? ", posWeight" : "") + ")";
    }
}
