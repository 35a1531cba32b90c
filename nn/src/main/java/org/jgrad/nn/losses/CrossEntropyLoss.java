package org.jgrad.nn.losses;

import java.util.Objects;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;

/**
 * Cross entropy between logits and class indices, with PyTorch's {@code nn.CrossEntropyLoss}
 * semantics for class-index targets.
 *
 * <p>Input x: logits of shape (N, C) or (N, C, d1, …, dK) (unbatched: (C)); target y: int64 (or
 * int32) class indices of shape (N) or (N, d1, …, dK) (unbatched: a scalar), each in [0, C) or
 * equal to {@code ignoreIndex}. Log-probabilities are computed stably as
 * sₙ,c = log_softmax(x)ₙ,c = xₙ,c − log Σⱼ exp(xₙ,ⱼ) along the class axis. Writing n for a sample
 * (and position d1…dK), w for the class weights (all 1 when none are given) and
 * ωₙ = w[yₙ]·1{yₙ ≠ ignoreIndex}:
 *
 * <pre>
 *   ℓₙ = (1 − ε) · ωₙ · (−sₙ,yₙ)  +  (ε / C) · 1{yₙ ≠ ignoreIndex} · Σ_c w_c · (−sₙ,c)
 *
 *   NONE:  ℓ (the target's shape)
 *   SUM:   Σₙ ℓₙ
 *   MEAN:  Σₙ ℓₙ / Σₙ ωₙ
 * </pre>
 *
 * With ε = 0 this is −w[yₙ]·log softmax(x)ₙ,yₙ. With label smoothing ε the target distribution is
 * (1 − ε)·onehot(yₙ) + ε/C, and, as PyTorch does, the class weights apply per class inside the
 * smoothing term (Σ_c w_c·(−sₙ,c)), while the mean divides <em>both</em> terms by the same
 * Σₙ w[yₙ] over non-ignored positions (N·d1⋯dK without weights and ignored positions). Ignored
 * positions contribute 0 to every term and to the denominator, and receive zero gradient; if all
 * positions are ignored the mean is 0/0 = NaN, as in PyTorch.
 *
 * <p>Where this comes from: PyTorch's documentation describes label smoothing only as mixing the
 * target with the uniform distribution ("Rethinking the Inception Architecture"); how it combines
 * with class weights, ignored positions and the mean is defined by its implementation
 * ({@code cross_entropy_loss_label_smoothing} in ATen's {@code LossNLL.cpp}), which returns
 * (1 − ε)·nll_loss(s, y, w) + (ε/C)·reduce(−Σ_c w_c·sₙ,c, masked at ignored positions), the mean
 * dividing by the sum of w over the non-ignored targets. That is the formula above. Note that with
 * weights, ℓ is not the cross entropy against the smoothed target weighted by w[yₙ].
 */
public final class CrossEntropyLoss {
    /** PyTorch's default ignoreIndex. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    private static final String NAME = "CrossEntropyLoss";

    private final double[] weight;
    private final NDArray weightArray;
    private final long ignoreIndex;
    private final double labelSmoothing;
    private final Reduction reduction;

    /** Mean reduction, no class weights, ignoreIndex −100, no label smoothing. */
    public CrossEntropyLoss() {
        this(null, DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN);
    }

    /**
     * @param weight class weights of shape (C), floating, or null for none
     * @param ignoreIndex target value whose positions are ignored
     * @param labelSmoothing ε in [0, 1]
     * @param reduction how per-position values are combined
     */
    public CrossEntropyLoss(NDArray weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException(NAME + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        this.weight = ClassTargets.checkWeight(NAME, weight);
        this.weightArray = weight == null ? null : weight.copy();
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
        this.reduction = Objects.requireNonNull(reduction, NAME + ": reduction is null");
    }

    /** A copy with class weights of shape (C) (null for none). */
    public CrossEntropyLoss withWeight(NDArray weight) { return new CrossEntropyLoss(weight, ignoreIndex, labelSmoothing, reduction); }
    /** A copy that ignores positions whose target is {@code ignoreIndex}. */
    public CrossEntropyLoss withIgnoreIndex(long ignoreIndex) { return new CrossEntropyLoss(weightArray, ignoreIndex, labelSmoothing, reduction); }
    /** A copy with label smoothing ε in [0, 1]. */
    public CrossEntropyLoss withLabelSmoothing(double labelSmoothing) { return new CrossEntropyLoss(weightArray, ignoreIndex, labelSmoothing, reduction); }
    /** A copy with another reduction. */
    public CrossEntropyLoss withReduction(Reduction reduction) { return new CrossEntropyLoss(weightArray, ignoreIndex, labelSmoothing, reduction); }

    public NDArray weight() { return weightArray; }
    public long ignoreIndex() { return ignoreIndex; }
    public double labelSmoothing() { return labelSmoothing; }
    public Reduction reduction() { return reduction; }

    /**
     * The loss of logits {@code input} against class indices {@code target} (see the class comment).
     *
     * @throws IllegalArgumentException input not floating, target not integer, shapes that do not
     *     fit (both named), a target value outside [0, C) other than ignoreIndex (the value, its
     *     position and C named), or a weight vector whose length is not C
     */
    public Tensor forward(Tensor input, NDArray target) {
        return Losses.crossEntropy(NAME, input, target, weight, ignoreIndex, labelSmoothing, reduction);
    }

    @Override
    public String toString() {
        return NAME + "(reduction=" + reduction + ", ignoreIndex=" + ignoreIndex + ", labelSmoothing=" + labelSmoothing
                + (weight != null ? ", weight=" + java.util.Arrays.toString(weight) : "") + ")";
    }
}
