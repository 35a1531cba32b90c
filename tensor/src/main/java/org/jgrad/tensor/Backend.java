package org.jgrad.tensor;

/**
 * The backend SPI: storage and the primitive ops every device implements. Everything else in
 * {@link NDArray} (views, broadcasting, mean, variance, clamp, cat, pad, ...) is built from these.
 *
 * <p>Contracts common to all ops: operands are on this backend's device and already validated
 * and broadcast by {@link NDArray} (shapes agree, axes are normalized); {@code out} is a freshly
 * allocated contiguous array of the result's shape and dtype unless stated otherwise; operands may
 * be arbitrary strided views, with stride 0 on broadcast axes. The CPU backend is the reference
 * implementation every other backend is tested against.
 */
public interface Backend {
    /** The device whose storages this backend owns. */
    Device device();

    /** Human-readable description for {@code jgrad info}, e.g. the SIMD path in use. */
    String describe();

    /**
     * Waits until all work enqueued on this device has finished. Asynchronous backends (CUDA)
     * return from ops before the device is done; timing code calls this before reading the clock.
     * The CPU backend computes synchronously, so the default does nothing.
     */
    default void synchronize() {}

    // ---- storage -------------------------------------------------------------------------

    /** A new zero-filled storage. */
    Storage allocate(DType dtype, int size);

    /**
     * A new storage whose values are unspecified, for an output that is overwritten in full before
     * it is read ({@link NDArray#empty}). By default a zero-filled one.
     */
    default Storage allocateUninitialized(DType dtype, int size) {
        return allocate(dtype, size);
    }

    /** Copies (and converts) {@code src} into {@code dst} element by element; same shape; either may be strided; {@code src} may live on the CPU or on this device. */
    void copy(NDArray src, NDArray dst);

    /** Sets every element of {@code dst} (a possibly strided view) to {@code value}, converted to its dtype. */
    void fill(NDArray dst, double value);

    /**
     * Fills the fresh contiguous {@code out} with elements 0..n-1 of the draw {@code kind} of the
     * Philox stream {@code seed} at counter {@code offset} (see {@link org.jgrad.tensor.random.RandomStream});
     * {@code p} is the Bernoulli probability. UNIFORM and NORMAL fill float32 or float64, BERNOULLI float32.
     */
    void random(RandomKind kind, long seed, long offset, double p, NDArray out);

    // ---- elementwise ---------------------------------------------------------------------

    /** out = op(x); x has out's shape and dtype. */
    void unary(UnaryOp op, NDArray x, NDArray out);

    /** out = op(a, b); a and b are expanded to out's shape and converted to {@link BinaryOp#computeType}. */
    void binary(BinaryOp op, NDArray a, NDArray b, NDArray out);

    /** out = cond ? a : b; cond is bool; all expanded to out's shape; a and b of out's dtype. */
    void where(NDArray cond, NDArray a, NDArray b, NDArray out);

    // ---- reductions ----------------------------------------------------------------------

    /** Reduces x over the axes where {@code reduced[axis]} is true; out has x's rank with 1 on those axes. */
    void reduce(ReduceOp op, NDArray x, boolean[] reduced, NDArray out);

    /** Index of the first maximum (or minimum) along {@code axis} (NaN counts as the maximum and the minimum); out is int64 with size 1 on the axis. */
    void argReduce(boolean max, NDArray x, int axis, NDArray out);

    /** Softmax, or log-softmax when {@code log}, along {@code axis}. */
    void softmax(NDArray x, int axis, boolean log, NDArray out);

    // ---- linear algebra and convolution --------------------------------------------------

    /** out (B, M, N) = a (B, M, K) · b (B, K, N); batch strides may be 0 (broadcast). */
    void matmul(NDArray a, NDArray b, NDArray out);

    /** Cross-correlation, PyTorch's conv2d without bias: x (N, Cin, H, W), w (Cout, Cin/groups, kH, kW) to out (N, Cout, OH, OW). */
    void conv2d(NDArray x, NDArray w, Conv2dParams p, NDArray out);

    /** dL/dx (N, Cin, H, W) of conv2d from dL/dout and w. */
    void conv2dInputGrad(NDArray gradOut, NDArray w, Conv2dParams p, NDArray gradX);

    /** dL/dw (Cout, Cin/groups, kH, kW) of conv2d from x and dL/dout. */
    void conv2dWeightGrad(NDArray x, NDArray gradOut, Conv2dParams p, NDArray gradW);

    /** Max pooling of x (N, C, H, W); {@code indices} (int64, out's shape) receives the flat h·W + w of each maximum. */
    void maxPool2d(NDArray x, Pool2dParams p, NDArray out, NDArray indices);

    /** Scatters gradOut through the indices of {@link #maxPool2d} into gradX (zeroed first). */
    void maxPool2dBackward(NDArray gradOut, NDArray indices, Pool2dParams p, NDArray gradX);

    /** Average pooling of x (N, C, H, W). */
    void avgPool2d(NDArray x, Pool2dParams p, NDArray out);

    /** The gradient of {@link #avgPool2d} with respect to its input. */
    void avgPool2dBackward(NDArray gradOut, Pool2dParams p, NDArray gradX);

    // ---- indexing ------------------------------------------------------------------------

    /** out[..., i, ...] = x[..., index[..., i, ...], ...] along axis; index is int64 and in range; out has index's shape. */
    void gather(NDArray x, int axis, NDArray index, NDArray out);

    /** In place: dst[..., index[..., i, ...], ...] += src[..., i, ...] along axis; index has src's shape. */
    void scatterAdd(NDArray dst, int axis, NDArray index, NDArray src);

    /** out = x with the entries of the 1-D int64 index taken along axis. */
    void indexSelect(NDArray x, int axis, NDArray index, NDArray out);

    // ---- normalization and activation gradients -----------------------------------------

    /**
     * Per-channel mean and biased variance of x (N, C, *) into the fresh (C) arrays {@code mean}
     * and {@code var} (see {@link Normalization#channelMoments}); the default composes array ops
     * ({@link NormalizationMath}), a device may fuse it.
     */
    default void channelMoments(NDArray x, NDArray mean, NDArray var) {
        NormalizationMath.channelMoments(x, mean, var);
    }

    /** out = a_c·(u − m_c) + b_c·v + c_c; m, and v with b, may be null (see {@link Normalization#channelLinear}). */
    default void channelLinear(NDArray u, NDArray m, NDArray a, NDArray v, NDArray b, NDArray c, NDArray out) {
        NormalizationMath.channelLinear(u, m, a, v, b, c, out);
    }

    /** Σ x per channel into the fresh (C) array {@code sums} (see {@link Normalization#channelSums}). */
    default void channelSums(NDArray x, NDArray sums) {
        sums.assign(x.sum(NormalizationMath.nonChannelAxes(x.rank()), false));
    }

    /** Σ g and Σ g·(x − mean) per channel into the fresh (C) arrays (see {@link Normalization#channelGradSums}). */
    default void channelGradSums(NDArray g, NDArray x, NDArray mean, NDArray sumGrad, NDArray sumCentered) {
        NormalizationMath.channelGradSums(g, x, mean, sumGrad, sumCentered);
    }

    /** The gradient of relu: out = x &gt; 0 ? g : 0, x and g of out's shape, g of out's dtype (PyTorch's {@code threshold_backward} at 0). */
    default void reluBackward(NDArray x, NDArray g, NDArray out) {
        out.assign(NDArray.where(x.gt(0), g, NDArray.scalar(0, g.dtype()).to(g.device())));
    }

    // ---- optimizer updates ---------------------------------------------------------------

    /**
     * One Adam/AdamW step of parameter {@code p} in place, updating the moments {@code m} and
     * {@code v} in place too (all of p's shape and dtype; {@code grad} likewise). The default
     * composes array ops ({@link OptimizerMath#adam}); a device may fuse it into one kernel.
     */
    default void adamUpdate(NDArray p, NDArray grad, NDArray m, NDArray v, AdamStep step) {
        OptimizerMath.adam(p, grad, m, v, step);
    }

    /** One SGD step of {@code p} in place, with the momentum buffer {@code buf} (null without momentum); see {@link OptimizerMath#sgd}. */
    default void sgdUpdate(NDArray p, NDArray grad, NDArray buf, SgdStep step) {
        OptimizerMath.sgd(p, grad, buf, step);
    }
}
