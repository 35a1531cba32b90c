package org.jgrad.autograd;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Normalization;
import org.jgrad.tensor.Shapes;

/**
 * Batch normalization as one op with its own backward, PyTorch's {@code F.batch_norm}. For
 * x (N, C, *) and each channel c, with M values per channel:
 * <pre>
 *   x̂ = (x − μ)·s,  s = 1/√(σ² + ε),  y = γ·x̂ + β = (γs)·(x − μ) + β
 * </pre>
 * where μ and σ² are the batch mean and biased variance ({@code training}) or the running
 * statistics (otherwise). With the per-channel sums S = Σ g and D = Σ g·(x − μ) of the upstream
 * gradient g:
 * <pre>
 *   ∂L/∂β = S,   ∂L/∂γ = s·D
 *   ∂L/∂x = γs·(g − S/M − (x − μ)·s²D/M)     (batch statistics: μ and σ² depend on x)
 *   ∂L/∂x = γs·g                             (running statistics: constants)
 * </pre>
 * so the forward pass is one {@link Normalization#channelMoments} and one
 * {@link Normalization#channelLinear}, the backward one {@link Normalization#channelGradSums} and
 * one channelLinear, each a single pass over memory where the backend fuses them.
 *
 * <p>Fused when x, γ and β share a dtype, float32 or float64; otherwise (an autocast scope giving
 * a half-precision x against float32 parameters) the same algebra is composed of tensor ops, with
 * the statistics in float32 and the normalization in x's dtype, as {@link Autocast}'s policy says.
 * That composition is also the reference the fused op is tested against.
 */
public final class NormalizationOps {
    static final java.util.List<String> DIFFERENTIABLE = java.util.List.of("batch_norm");

    private NormalizationOps() {}

    /**
     * y = γ·(x − μ)/√(σ² + ε) + β over axis 1 of x (N, C, *), PyTorch's
     * {@code F.batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps)}.
     * When {@code training}, μ and σ² are the batch's and, if the running statistics are given,
     * they are updated in place: mean ← (1 − m)·mean + m·μ, var ← (1 − m)·var + m·σ²·M/(M − 1).
     * Otherwise the running statistics, which must then be given, are μ and σ².
     *
     * @param weight γ (C) or null (as ones)
     * @param bias   β (C) or null (as zeros)
     * @throws IllegalArgumentException naming the shapes, for shapes that do not fit, fewer than
     *         two values per channel when training, or missing running statistics when not
     */
    public static Tensor batchNorm(Tensor x, NDArray runningMean, NDArray runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        int channels = check(x, runningMean, runningVar, weight, bias, training);
        long perChannel = (long) x.numel() / channels;
        if (fusable(x, weight, bias)) return fused(x, runningMean, runningVar, weight, bias, training, momentum, eps, perChannel);
        return composed(x, runningMean, runningVar, weight, bias, training, momentum, eps, perChannel);
    }

    static boolean fusable(Tensor x, Tensor weight, Tensor bias) {
        DType t = x.dtype();
        return (t == DType.FLOAT32 || t == DType.FLOAT64) && (weight == null || weight.dtype() == t) && (bias == null || bias.dtype() == t);
    }

    private static Tensor fused(Tensor x, NDArray runningMean, NDArray runningVar, Tensor weight, Tensor bias,
                                boolean training, double momentum, double eps, long perChannel) {
        NDArray xd = x.data();
        DType t = xd.dtype();
        int channels = xd.shape(1);
        NDArray mean, var;
        if (training) {
            Normalization.Moments m = Normalization.channelMoments(xd);
            mean = m.mean();
            var = m.var();
            if (runningMean != null) updateRunningStats(runningMean, runningVar, mean, var, momentum, perChannel);
        } else {
            mean = runningMean.to(t).to(xd.device()).copy();   // a snapshot: later updates of the running statistics must not reach this backward
            var = runningVar.to(t).to(xd.device()).copy();
        }
        NDArray invStd = var.add(eps).rsqrt();
        NDArray scale = weight == null ? invStd : invStd.mul(weight.data());
        NDArray zeros = NDArray.zeros(t, xd.device(), channels);
        NDArray y = Normalization.channelLinear(xd, mean, scale, null, null, bias == null ? zeros : bias.data());
        Tensor[] inputs = inputs(x, weight, bias);
        return Tensor.record("batch_norm", y, inputs, (g, needs) -> {
            NDArray grad = g.contiguous();
            boolean parameters = inputs.length > 1 && (needs[1] || needs[inputs.length - 1]);
            Normalization.GradSums sums = training || parameters ? Normalization.channelGradSums(grad, xd, mean) : null;
            NDArray[] out = new NDArray[inputs.length];
            if (needs[0] && training) {   // γs·g − γs·s²D/M·(x − μ) − γs·S/M
                NDArray k = sums.sumGradCentered().mul(invStd).mul(invStd).div((double) perChannel);
                out[0] = Normalization.channelLinear(xd, mean, scale.mul(k).neg(), grad, scale, scale.mul(sums.sumGrad()).div(-(double) perChannel));
            } else if (needs[0]) {        // γs·g
                out[0] = Normalization.channelLinear(grad, null, scale, null, null, zeros);
            }
            int weightAt = weight == null ? -1 : 1, biasAt = bias == null ? -1 : inputs.length - 1;
            if (weightAt > 0 && needs[weightAt]) out[weightAt] = sums.sumGradCentered().mul(invStd);
            if (biasAt > 0 && needs[biasAt]) out[biasAt] = sums.sumGrad();
            return out;
        }, weight == null ? new NDArray[] {xd} : new NDArray[] {xd, weight.data()});
    }

    /** The same algebra of tensor ops: statistics in float32 or wider, the normalization in x's dtype (the autocast policy). */
    static Tensor composed(Tensor x, NDArray runningMean, NDArray runningVar, Tensor weight, Tensor bias,
                           boolean training, double momentum, double eps, long perChannel) {
        int rank = x.rank();
        int[] axes = new int[rank - 1], channelShape = new int[rank];
        for (int a = 0, k = 0; a < rank; a++) {
            channelShape[a] = a == 1 ? x.shape(1) : 1;
            if (a != 1) axes[k++] = a;
        }
        Tensor mean, var;
        if (training) {
            mean = x.mean(axes, true);
            var = x.var(axes, 0, true);
            if (runningMean != null)
                updateRunningStats(runningMean, runningVar, mean.data().reshape(x.shape(1)), var.data().reshape(x.shape(1)), momentum, perChannel);
        } else {
            mean = Tensor.of(runningMean.to(x.dtype()).to(x.device()).reshape(channelShape));
            var = Tensor.of(runningVar.to(x.dtype()).to(x.device()).reshape(channelShape));
        }
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) y = y.mul(weight.reshape(channelShape));
        if (bias != null) y = y.add(bias.reshape(channelShape));
        return y;
    }

    /** In place, without gradient: mean ← (1 − m)·mean + m·μ, var ← (1 − m)·var + m·σ²·M/(M − 1). */
    private static void updateRunningStats(NDArray runningMean, NDArray runningVar, NDArray batchMean, NDArray biasedVar,
                                           double momentum, long perChannel) {
        try (var scope = GradMode.noGrad()) {
            NDArray mean = batchMean.to(runningMean.dtype()).to(runningMean.device());
            NDArray unbiased = biasedVar.mul((double) perChannel / (perChannel - 1)).to(runningVar.dtype()).to(runningVar.device());
            runningMean.assign(runningMean.mul(1 - momentum).add(mean.mul(momentum)));
            runningVar.assign(runningVar.mul(1 - momentum).add(unbiased.mul(momentum)));
        }
    }

    private static Tensor[] inputs(Tensor x, Tensor weight, Tensor bias) {
        if (weight != null && bias != null) return new Tensor[] {x, weight, bias};
        if (weight != null) return new Tensor[] {x, weight};
        if (bias != null) return new Tensor[] {x, bias};
        return new Tensor[] {x};
    }

    private static int check(Tensor x, NDArray runningMean, NDArray runningVar, Tensor weight, Tensor bias, boolean training) {
        if (x.rank() < 2)
            throw new IllegalArgumentException("batch_norm: expected an input (N, C, *) with channels on axis 1, got " + Shapes.format(x.shape()));
        int channels = x.shape(1);
        if (!x.dtype().isFloating()) throw new IllegalArgumentException("batch_norm: expected a floating input, got " + x.dtype());
        if ((runningMean == null) != (runningVar == null))
            throw new IllegalArgumentException("batch_norm: running mean and running variance go together, got only the " + (runningMean == null ? "variance" : "mean"));
        if (!training && runningMean == null)
            throw new IllegalArgumentException("batch_norm: evaluation (training = false) needs the running mean and variance, got none");
        String[] names = {"running mean", "running variance", "weight", "bias"};
        Object[] arrays = {runningMean, runningVar, weight == null ? null : weight.data(), bias == null ? null : bias.data()};
        for (int i = 0; i < names.length; i++) {
            NDArray a = (NDArray) arrays[i];
            if (a != null && (a.rank() != 1 || a.shape(0) != channels))
                throw new IllegalArgumentException("batch_norm: the " + names[i] + " must be (" + channels + ") for input " + Shapes.format(x.shape())
                        + ", got " + Shapes.format(a.shape()));
        }
        if (training && x.numel() / Math.max(1, channels) <= 1)
            throw new IllegalArgumentException("batch_norm: expected more than 1 value per channel when training, got input " + Shapes.format(x.shape()));
        return channels;
    }
}
