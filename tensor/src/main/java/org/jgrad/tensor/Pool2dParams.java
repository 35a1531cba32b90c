package org.jgrad.tensor;

/**
 * Hyperparameters of 2-D max and average pooling, PyTorch's {@code max_pool2d} / {@code avg_pool2d}.
 * Build them by name, starting from the kernel size, so that no two ints can be swapped unnoticed:
 * <pre>
 *   Pool2dParams.kernel(3).stride(2).padding(1).ceilMode(true)
 *   Pool2dParams.kernel(2, 3).stride(1, 2).countIncludePad(false)
 * </pre>
 * Unset fields take PyTorch's defaults: stride = kernel size, padding 0, dilation 1,
 * {@code countIncludePad} true, {@code ceilMode} false.
 *
 * <p>The output size along each axis, for input size {@code in}, kernel k, stride s, padding p and
 * dilation d, is (PyTorch's {@code pooling_output_shape})
 * <pre>
 *   floor mode: out = floor((in + 2p − d(k − 1) − 1) / s) + 1
 *   ceil mode:  out = ceil ((in + 2p − d(k − 1) − 1) / s) + 1, minus 1 when (out − 1)·s ≥ in + p
 * </pre>
 * the correction making the last window start inside the input or its left padding (never in the
 * right padding alone). As in PyTorch, ceil mode can give one window where floor mode gives none
 * (a kernel wider than the padded input, when the stride reaches past it). Padding may be at most
 * half the kernel, as in PyTorch.
 *
 * <p>Average pooling (dilation 1 only) divides window o's sum by d(o): with {@code countIncludePad}
 * the number of its taps inside the padded input, {@code (min(start + k, in + p) − start)} per axis
 * with {@code start = o·s − p} (the whole kernel in floor mode; less for a ceil-mode window that
 * runs past the right padding), otherwise the number of its taps inside the input itself.
 */
public record Pool2dParams(int kH, int kW, int strideH, int strideW, int padH, int padW,
                           int dilationH, int dilationW, boolean countIncludePad, boolean ceilMode) {
    public Pool2dParams {
        if (kH < 1 || kW < 1) throw new IllegalArgumentException("pool2d: kernel size must be >= 1, got (" + kH + ", " + kW + ")");
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("pool2d: stride must be >= 1, got (" + strideH + ", " + strideW + ")");
        if (dilationH < 1 || dilationW < 1) throw new IllegalArgumentException("pool2d: dilation must be >= 1, got (" + dilationH + ", " + dilationW + ")");
        if (padH < 0 || padW < 0 || 2 * padH > kH || 2 * padW > kW)
            throw new IllegalArgumentException("pool2d: padding must be between 0 and half the kernel size, got padding ("
                    + padH + ", " + padW + ") for kernel (" + kH + ", " + kW + ")");
    }

    /**
     * The floor-mode record in positional form.
     *
     * @deprecated nine positional arguments are easy to misorder; use {@link #kernel(int, int)} and the named setters.
     */
    @Deprecated
    public Pool2dParams(int kH, int kW, int strideH, int strideW, int padH, int padW,
                        int dilationH, int dilationW, boolean countIncludePad) {
        this(kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, countIncludePad, false);
    }

    /** A square kernel, with PyTorch's defaults for the rest (stride = kernel). */
    public static Pool2dParams kernel(int size) {
        return kernel(size, size);
    }

    /** A kH × kW kernel, with PyTorch's defaults for the rest (stride = kernel). */
    public static Pool2dParams kernel(int kH, int kW) {
        return new Pool2dParams(kH, kW, kH, kW, 0, 0, 1, 1, true, false);
    }

    /**
     * Square kernel; stride defaults to the kernel size as in PyTorch when {@code stride} is 0.
     *
     * @deprecated three positional ints; use {@code kernel(k).stride(s).padding(p)}.
     */
    @Deprecated
    public static Pool2dParams of(int kernel, int stride, int padding) {
        Pool2dParams p = kernel(kernel).padding(padding);
        return stride == 0 ? p : p.stride(stride);
    }

    /** The same stride on both axes. */
    public Pool2dParams stride(int s) { return stride(s, s); }
    public Pool2dParams stride(int sH, int sW) { return new Pool2dParams(kH, kW, sH, sW, padH, padW, dilationH, dilationW, countIncludePad, ceilMode); }
    /** The same padding on both axes (at most half the kernel). */
    public Pool2dParams padding(int p) { return padding(p, p); }
    public Pool2dParams padding(int pH, int pW) { return new Pool2dParams(kH, kW, strideH, strideW, pH, pW, dilationH, dilationW, countIncludePad, ceilMode); }
    /** The same dilation on both axes (max pooling only). */
    public Pool2dParams dilation(int d) { return dilation(d, d); }
    public Pool2dParams dilation(int dH, int dW) { return new Pool2dParams(kH, kW, strideH, strideW, padH, padW, dH, dW, countIncludePad, ceilMode); }
    /** Whether average pooling counts padded positions in its divisor (PyTorch's default: true). */
    public Pool2dParams countIncludePad(boolean on) { return new Pool2dParams(kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, on, ceilMode); }
    /** Whether the output size rounds up (see the class comment). */
    public Pool2dParams ceilMode(boolean on) { return new Pool2dParams(kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, countIncludePad, on); }

    public int outH(int h) {
        return (int) outputSize(h, kH, strideH, padH, dilationH, ceilMode);
    }

    public int outW(int w) {
        return (int) outputSize(w, kW, strideW, padW, dilationW, ceilMode);
    }

    /**
     * The output size along one axis (the class comment's formula); 0 or less when the window does
     * not fit. The one place the rule is written: the CPU and CUDA geometries call it.
     */
    public static long outputSize(int in, int k, int stride, int pad, int dilation, boolean ceilMode) {
        long span = in + 2L * pad - (long) dilation * (k - 1) - 1;
        long out = Math.floorDiv(ceilMode ? span + stride - 1 : span, stride) + 1;
        if (ceilMode && (out - 1) * stride >= in + (long) pad) out--;
        return out;
    }

    /**
     * The count of window o's taps inside the padded input along one axis,
     * {@code min(o·s − p + k, in + p) − (o·s − p)}: average pooling's divisor factor with
     * {@code countIncludePad} (dilation 1).
     */
    public static int tapsInsidePadding(int o, int k, int stride, int pad, int in) {
        int start = o * stride - pad;
        return Math.min(start + k, in + pad) - start;
    }
}
