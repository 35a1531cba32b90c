package org.jgrad.tensor;

/**
 * The per-channel primitives batch normalization is made of, for arrays shaped (N, C, *) whose
 * channels lie on axis 1; every other axis is reduced over or broadcast along. Write
 * {@code M = N·∏(*)} for the number of values of one channel. With them, batch norm's forward pass
 * is one {@link #channelMoments} and one {@link #channelLinear}, its backward pass one
 * {@link #channelGradSums} and one {@link #channelLinear} (see {@code NormalizationOps} in autograd
 * for the algebra); the backend may fuse each into one pass over memory, and its default composes
 * array ops ({@code NormalizationMath}), the reference the fused kernels are tested against.
 */
public final class Normalization {
    private Normalization() {}

    /** The per-channel mean and biased variance, each (C). */
    public record Moments(NDArray mean, NDArray var) {}

    /** The per-channel sums Σ g and Σ g·(x − mean), each (C). */
    public record GradSums(NDArray sumGrad, NDArray sumGradCentered) {}

    /**
     * μ_c = (1/M) Σ x_c and σ²_c = (1/M) Σ (x_c − μ_c)² (biased), in x's dtype, x floating and of
     * rank ≥ 2. The sums are taken in double over float32 blocks (as {@link NDArray#sum()} is).
     */
    public static Moments channelMoments(NDArray x) {
        int channels = channels("channel_moments", x);
        requireFloating("channel_moments", x);
        if (x.numel() == 0) throw new IllegalArgumentException("channel_moments: the input " + Shapes.format(x.shape()) + " has no values per channel");
        NDArray mean = NDArray.zeros(x.dtype(), x.device(), channels), var = NDArray.zeros(x.dtype(), x.device(), channels);
        x.backend().channelMoments(x, mean, var);
        return new Moments(mean, var);
    }

    /**
     * out = a_c·(u − m_c) + b_c·v + c_c, each broadcast along the non-channel axes: u and v
     * (N, C, *) of one shape, m, a, b, c (C); all of one floating dtype and device. {@code m} may
     * be null (no centring) and {@code v} with {@code b} may be null (no second term). Centring
     * inside the kernel keeps a_c·(u − m_c) accurate when |m_c| is large against u's spread, where
     * a_c·u − a_c·m_c would cancel. Fused backends may contract into fused multiply-adds.
     */
    public static NDArray channelLinear(NDArray u, NDArray m, NDArray a, NDArray v, NDArray b, NDArray c) {
        int channels = channels("channel_linear", u);
        requireFloating("channel_linear", u);
        if ((v == null) != (b == null)) throw new IllegalArgumentException("channel_linear: v and b go together, got " + (v == null ? "b without v" : "v without b"));
        if (v != null) requireSame("channel_linear", "v", u, v);
        requireChannelVector("channel_linear", a, u, channels);
        requireChannelVector("channel_linear", c, u, channels);
        if (m != null) requireChannelVector("channel_linear", m, u, channels);
        if (b != null) requireChannelVector("channel_linear", b, u, channels);
        NDArray out = NDArray.empty(u.dtype(), u.device(), u.shape());
        if (out.numel() > 0) u.backend().channelLinear(u, m, a, v, b, c, out);
        return out;
    }

    /**
     * {@link #channelLinear} of u with c alone (a = 1, no m, v, b), written over u itself: u + c_c.
     * For an array no one else holds yet, such as a convolution's fresh output getting its bias:
     * it saves a second array of u's size and a pass to fill it. Every backend reads each element
     * before it writes it, at the same index, so the kernel may overwrite its input.
     */
    public static NDArray addChannelsInPlace(NDArray u, NDArray c) {
        int channels = channels("channel_add_", u);
        requireFloating("channel_add_", u);
        requireChannelVector("channel_add_", c, u, channels);
        if (!u.isContiguous()) throw new IllegalArgumentException("channel_add_: u must be contiguous, got strides " + java.util.Arrays.toString(u.strides()));
        if (u.numel() > 0) u.backend().channelLinear(u, null, NDArray.ones(u.dtype(), channels).to(u.device()), null, null, c, u);
        return u;
    }

    /** Σ x_c per channel, (C) in x's dtype: a bias's gradient. Summed like {@link #channelMoments}. */
    public static NDArray channelSums(NDArray x) {
        int channels = channels("channel_sums", x);
        requireFloating("channel_sums", x);
        NDArray sums = NDArray.zeros(x.dtype(), x.device(), channels);
        if (x.numel() > 0) x.backend().channelSums(x, sums);
        return sums;
    }

    /** Σ g_c and Σ g_c·(x_c − mean_c) per channel: g and x (N, C, *) of one shape, mean (C). */
    public static GradSums channelGradSums(NDArray grad, NDArray x, NDArray mean) {
        int channels = channels("channel_grad_sums", grad);
        requireFloating("channel_grad_sums", grad);
        requireSame("channel_grad_sums", "x", grad, x);
        requireChannelVector("channel_grad_sums", mean, grad, channels);
        NDArray sumGrad = NDArray.zeros(grad.dtype(), grad.device(), channels), sumCentered = NDArray.zeros(grad.dtype(), grad.device(), channels);
        if (grad.numel() > 0) grad.backend().channelGradSums(grad, x, mean, sumGrad, sumCentered);
        return new GradSums(sumGrad, sumCentered);
    }

    private static int channels(String op, NDArray x) {
        if (x.rank() < 2) throw new IllegalArgumentException(op + ": expected (N, C, *) with channels on axis 1, got " + Shapes.format(x.shape()));
        return x.shape(1);
    }

    private static void requireFloating(String op, NDArray x) {
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": expected a floating dtype, got " + x.dtype());
    }

    private static void requireSame(String op, String name, NDArray first, NDArray other) {
        first.requireSameDevice(op, other);
        if (!java.util.Arrays.equals(first.shape(), other.shape()) || first.dtype() != other.dtype())
            throw new IllegalArgumentException(op + ": " + name + " must match the first operand " + first.dtype() + " " + Shapes.format(first.shape())
                    + ", got " + other.dtype() + " " + Shapes.format(other.shape()));
    }

    private static void requireChannelVector(String op, NDArray v, NDArray x, int channels) {
        if (v == null) throw new IllegalArgumentException(op + ": a per-channel coefficient is null");
        x.requireSameDevice(op, v);
        if (v.rank() != 1 || v.shape(0) != channels || v.dtype() != x.dtype())
            throw new IllegalArgumentException(op + ": per-channel arrays must be " + x.dtype() + " (" + channels + ") for input "
                    + Shapes.format(x.shape()) + ", got " + v.dtype() + " " + Shapes.format(v.shape()));
    }
}
