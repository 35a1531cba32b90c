package org.jgrad.tensor;

/**
 * The reference per-channel primitives of {@link Normalization}, composed of array ops: what
 * {@link Backend}'s defaults run, and what a backend's fused kernels must agree with (to rounding:
 * the compositions round after every op, fused kernels may contract into fused multiply-adds and
 * keep their partial sums in double).
 */
final class NormalizationMath {
    private NormalizationMath() {}

    /** The axes of x (N, C, *) other than the channel axis 1. */
    static int[] nonChannelAxes(int rank) {
        int[] axes = new int[rank - 1];
        for (int a = 0, k = 0; a < rank; a++) if (a != 1) axes[k++] = a;
        return axes;
    }

    /** (C) viewed as (1, C, 1, …) of x's rank, to broadcast along every other axis. */
    static NDArray perChannel(NDArray v, int rank) {
        int[] shape = new int[rank];
        java.util.Arrays.fill(shape, 1);
        shape[1] = v.shape(0);
        return v.reshape(shape);
    }

    /** mean ← mean(x), var ← mean((x − mean)²), over the non-channel axes. */
    static void channelMoments(NDArray x, NDArray mean, NDArray var) {
        int[] axes = nonChannelAxes(x.rank());
        NDArray m = x.mean(axes, true);
        NDArray centered = x.sub(m);
        mean.assign(m.reshape(mean.shape()));
        var.assign(centered.mul(centered).mean(axes, false));
    }

    /** out ← a·(u − m) + b·v + c, without (− m) when m is null and without b·v when v is null; (C) coefficients broadcast. */
    static void channelLinear(NDArray u, NDArray m, NDArray a, NDArray v, NDArray b, NDArray c, NDArray out) {
        int rank = u.rank();
        NDArray y = (m == null ? u : u.sub(perChannel(m, rank))).mul(perChannel(a, rank));
        if (v != null) y = y.add(v.mul(perChannel(b, rank)));
        out.assign(y.add(perChannel(c, rank)));
    }

    /** sumGrad ← Σ g, sumCentered ← Σ g·(x − mean), over the non-channel axes. */
    static void channelGradSums(NDArray g, NDArray x, NDArray mean, NDArray sumGrad, NDArray sumCentered) {
        int[] axes = nonChannelAxes(g.rank());
        sumGrad.assign(g.sum(axes, false));
        sumCentered.assign(g.mul(x.sub(perChannel(mean, x.rank()))).sum(axes, false));
    }
}
