package org.jgrad.nn.losses;

import java.util.Objects;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;

/**
 * Negative log-likelihood of log-probabilities, with PyTorch's {@code nn.NLLLoss} semantics.
 *
 * <p>Input s: log-probabilities (e.g. from {@code logSoftmax(1)}) of shape (N, C) or
 * (N, C, d1, …, dK) (unbatched: (C)); target y: int64 (or int32) class indices of shape (N) or
 * (N, d1, …, dK) (unbatched: a scalar), each in [0, C) or equal to {@code ignoreIndex}. With class
 * weights w (all 1 when none are given) and ωₙ = w[yₙ]·1{yₙ ≠ ignoreIndex}:
 *
 * <pre>
 *   ℓₙ = −ωₙ · sₙ,yₙ
 *
 *   NONE:  ℓ (the target's shape)
 *   SUM:   Σₙ ℓₙ
 *   MEAN:  Σₙ ℓₙ / Σₙ ωₙ
 * </pre>
 *
 * Ignored positions contribute nothing and are left out of the mean's denominator; if all are
 * ignored the mean is 0/0 = NaN, as in PyTorch. The input is not checked to be log-probabilities.
 */
public final class NllLoss {
    private static final String NAME = "NllLoss";

    private final double[] weight;
    private final NDArray weightArray;
    private final long ignoreIndex;
    private final Reduction reduction;

    /** Mean reduction, no class weights, ignoreIndex −100. */
    public NllLoss() {
        this(null, CrossEntropyLoss.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * @param weight class weights of shape (C), floating, or null for none
     * @param ignoreIndex target value whose positions are ignored
     * @param reduction how per-position values are combined
     */
    public NllLoss(NDArray weight, long ignoreIndex, Reduction reduction) {
        this.weight = ClassTargets.checkWeight(NAME, weight);
        this.weightArray = weight == null ? null : weight.copy();
        this.ignoreIndex = ignoreIndex;
        this.reduction = Objects.requireNonNull(reduction, NAME + ": reduction is null");
    }

    public NllLoss withWeight(NDArray weight) { return new NllLoss(weight, ignoreIndex, reduction); }
    public NllLoss withIgnoreIndex(long ignoreIndex) { return new NllLoss(weightArray, ignoreIndex, reduction); }
    public NllLoss withReduction(Reduction reduction) { return new NllLoss(weightArray, ignoreIndex, reduction); }

    public NDArray weight() { return weightArray; }
    public long ignoreIndex() { return ignoreIndex; }
    public Reduction reduction() { return reduction; }

    /**
     * The loss of log-probabilities {@code input} against class indices {@code target}.
     *
     * @throws IllegalArgumentException as {@link CrossEntropyLoss#forward}
     */
    public Tensor forward(Tensor input, NDArray target) {
        return Losses.nllLoss(NAME, input, target, weight, ignoreIndex, reduction);
    }

    @Override
    public String toString() {
        return NAME + "(reduction=" + reduction + ", ignoreIndex=" + ignoreIndex
                + (weight != null ? ", weight=" + java.util.Arrays.toString(weight) : "") + ")";
    }
}
