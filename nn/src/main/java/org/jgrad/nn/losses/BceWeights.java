package org.jgrad.nn.losses;

import org.jgrad.tensor.NDArray;

/**
 * The optional weights of binary cross-entropy with logits, set by name so that the two arrays
 * cannot be swapped: {@code BceWeights.posWeight(p)}, {@code BceWeights.weight(w).andPosWeight(p)}.
 * {@code weight} (broadcast to the input) multiplies each element's loss; {@code posWeight}
 * (broadcast to the input, usually one value per class, the last axis) multiplies the positive
 * term, ℓ = −w·[p·y·log σ(x) + (1 − y)·log(1 − σ(x))]. Either may be absent (null). Copies are kept.
 */
public final class BceWeights {
    /** Neither weight. */
    public static final BceWeights NONE = new BceWeights(null, null);

    private final NDArray weight, posWeight;

    private BceWeights(NDArray weight, NDArray posWeight) {
        this.weight = checkFloating("weight", weight);
        this.posWeight = checkFloating("posWeight", posWeight);
    }

    /** Per-element weights only. */
    public static BceWeights weight(NDArray weight) { return NONE.andWeight(weight); }
    /** Positive-class weights only. */
    public static BceWeights posWeight(NDArray posWeight) { return NONE.andPosWeight(posWeight); }
    /** These weights with the per-element weights replaced. */
    public BceWeights andWeight(NDArray weight) { return new BceWeights(weight, posWeight); }
    /** These weights with the positive-class weights replaced. */
    public BceWeights andPosWeight(NDArray posWeight) { return new BceWeights(weight, posWeight); }

    /** The per-element weights, or null. */
    public NDArray weight() { return weight; }
    /** The positive-class weights, or null. */
    public NDArray posWeight() { return posWeight; }

    private static NDArray checkFloating(String what, NDArray w) {
        if (w == null) return null;
        if (!w.dtype().isFloating())
            throw new IllegalArgumentException("BceWithLogitsLoss: " + what + " must be floating, got " + w.dtype()
                    + " " + org.jgrad.tensor.Shapes.format(w.shape()));
        return w.copy();
    }

    @Override
    public String toString() {
        return (weight != null ? "weight" + org.jgrad.tensor.Shapes.format(weight.shape()) : "")
                + (weight != null && posWeight != null ? ", " : "")
                + (posWeight != null ? "posWeight" + org.jgrad.tensor.Shapes.format(posWeight.shape()) : "");
    }
}
