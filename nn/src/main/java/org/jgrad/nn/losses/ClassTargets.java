package org.jgrad.nn.losses;

import java.util.Arrays;
import java.util.Objects;
import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * The shared part of {@link CrossEntropyLoss} and {@link NllLoss}: validation of the scores, the
 * class-index targets and the class weights, and the weighted, masked negative log-likelihood.
 *
 * <p>Scores are (N, C, d1, …) or, unbatched, (C); targets are (N, d1, …) or, unbatched, a scalar.
 * For position n with target yₙ the element weight is ωₙ = w[yₙ] (1 without class weights), or 0
 * where yₙ = ignoreIndex. Ignored positions are gathered at class 0 and then multiplied by ω = 0,
 * so they contribute neither value nor gradient.
 */
final class ClassTargets {
    /** Scores as (N, C, d…) (the unbatched case gets N = 1). */
    final Tensor scores;
    /** The gather index, (N, 1, d…) int64, with ignored positions replaced by 0. */
    final NDArray index;
    /** ωₙ per position, (N, d…), in the scores' dtype. */
    final NDArray elementWeight;
    /** 1 per kept position, 0 per ignored one, (N, d…), in the scores' dtype. */
    final NDArray keep;
    /** Σₙ ωₙ: the denominator of the mean. */
    final double weightSum;
    /** The number of classes C. */
    final int classes;
    /** The shape of a {@link Reduction#NONE} result: the targets' shape. */
    final int[] resultShape;

    private ClassTargets(Tensor scores, NDArray index, NDArray elementWeight, NDArray keep, double weightSum, int classes, int[] resultShape) {
        this.scores = scores;
        this.index = index;
        this.elementWeight = elementWeight;
        this.keep = keep;
        this.weightSum = weightSum;
        this.classes = classes;
        this.resultShape = resultShape;
    }

    /** Checks a weight vector given to a loss's constructor; returns a float64 copy of it (or null). */
    static double[] checkWeight(String loss, NDArray weight) {
        if (weight == null) return null;
        if (!weight.dtype().isFloating())
            throw new IllegalArgumentException(loss + ": class weights must be floating, got " + weight.dtype());
        if (weight.rank() != 1)
            throw new IllegalArgumentException(loss + ": class weights must be 1-D (C), got shape " + Shapes.format(weight.shape()));
        return weight.to(DType.FLOAT64).contiguous().toDoubleArray();
    }

    static ClassTargets of(String loss, Tensor input, NDArray target, double[] weight, long ignoreIndex) {
        Objects.requireNonNull(input, loss + ": input is null");
        Objects.requireNonNull(target, loss + ": target is null");
        if (!input.dtype().isFloating())
            throw new IllegalArgumentException(loss + ": input must be floating, got " + input.dtype());
        if (target.dtype() != DType.INT64 && target.dtype() != DType.INT32)
            throw new IllegalArgumentException(loss + ": target must hold integer class indices (int64), got " + target.dtype()
                    + (target.dtype().isFloating() ? " (class-probability targets are not supported)" : ""));
        int[] inShape = input.shape();
        if (inShape.length == 0)
            throw new IllegalArgumentException(loss + ": input must be (N, C, d1, ...) or (C), got a scalar");
        boolean unbatched = inShape.length == 1;
        int classes = unbatched ? inShape[0] : inShape[1];
        int[] expected = unbatched ? new int[0] : removeAxis1(inShape);
        if (!Arrays.equals(expected, target.shape()))
            throw new IllegalArgumentException(loss + ": input of shape " + Shapes.format(inShape) + " needs a target of shape "
                    + Shapes.format(expected) + ", got target shape " + Shapes.format(target.shape()));
        if (weight != null && weight.length != classes)
            throw new IllegalArgumentException(loss + ": " + weight.length + " class weights for input of shape "
                    + Shapes.format(inShape) + " with " + classes + " classes");
        if (classes == 0)
            throw new IllegalArgumentException(loss + ": input of shape " + Shapes.format(inShape) + " has no classes");

        long[] t = target.to(DType.INT64).contiguous().toLongArray();
        long[] safe = new long[t.length];
        double[] omega = new double[t.length], keep = new double[t.length];
        double weightSum = 0;
        for (int i = 0; i < t.length; i++) {
            long y = t[i];
            if (y == ignoreIndex) continue; // safe 0, ω 0, keep 0
            if (y < 0 || y >= classes)
                throw new IllegalArgumentException(loss + ": target value " + y + " at " + Shapes.format(Shapes.unravel(i, target.shape()))
                        + " is out of range for C = " + classes + " classes (valid: 0.." + (classes - 1) + ", or ignoreIndex " + ignoreIndex + ")");
            safe[i] = y;
            omega[i] = weight == null ? 1 : weight[(int) y];
            keep[i] = 1;
            weightSum += omega[i];
        }

        Tensor full = Autocast.fullPrecision(input);
        Tensor scores = unbatched ? full.reshape(1, classes) : full;
        int[] perPosition = unbatched ? new int[] {1} : expected;
        int[] indexShape = withAxis1(perPosition);
        DType dt = full.dtype();
        var device = input.device();
        NDArray index = NDArray.of(safe).reshape(indexShape).to(device);
        NDArray om = NDArray.of(omega).to(dt).reshape(perPosition).to(device);
        NDArray kp = NDArray.of(keep).to(dt).reshape(perPosition).to(device);
        return new ClassTargets(scores, index, om, kp, weightSum, classes, target.shape());
    }

    /**
     * The unreduced loss per position, in the targets' shape:
     * ℓₙ = (1−ε)·ωₙ·(−sₙ,yₙ) + (ε/C)·keepₙ·Σ_c w_c·(−sₙ,c), where s are log-probabilities.
     */
    Tensor perPosition(Tensor logProbs, double[] weight, double smoothing) {
        Tensor picked = logProbs.gather(1, index);
        picked = picked.reshape(keep.shape());
        Tensor loss = picked.mul(Tensor.of(elementWeight)).neg();
        if (smoothing > 0) {
            Tensor weighted = logProbs;
            if (weight != null) {
                int[] along = new int[logProbs.rank()];
                Arrays.fill(along, 1);
                along[1] = classes;
                NDArray w = NDArray.of(weight).to(logProbs.dtype()).reshape(along).to(logProbs.device());
                weighted = logProbs.mul(Tensor.of(w));
            }
            Tensor smooth = weighted.sum(1).mul(Tensor.of(keep)).neg();
            loss = loss.mul(1 - smoothing).add(smooth.mul(smoothing / classes));
        }
        return loss;
    }

    /** Applies the reduction; the mean divides by Σₙ ωₙ (NaN when every position is ignored, as in PyTorch). */
    Tensor reduce(Tensor perPosition, Reduction reduction) {
        return switch (reduction) {
            case NONE -> perPosition.reshape(resultShape);
            case SUM -> perPosition.sum();
            case MEAN -> perPosition.sum().div(weightSum);
        };
    }

    private static int[] removeAxis1(int[] shape) {
        int[] out = new int[shape.length - 1];
        out[0] = shape[0];
        System.arraycopy(shape, 2, out, 1, shape.length - 2);
        return out;
    }

    private static int[] withAxis1(int[] perPosition) {
        int[] out = new int[perPosition.length + 1];
        out[0] = perPosition[0];
        out[1] = 1;
        System.arraycopy(perPosition, 1, out, 2, perPosition.length - 1);
        return out;
    }
}
