package org.jgrad.tensor;

/**
 * Hyperparameters of a 2-D convolution and of its transpose. Build them by name from
 * {@link #DEFAULT} (stride 1, no padding, no dilation, one group, no output padding), so that no
 * two ints can be swapped unnoticed:
 * <pre>
 *   Conv2dParams.DEFAULT.stride(2).padding(1)
 *   Conv2dParams.DEFAULT.stride(2, 1).padding(0, 1).groups(4)
 *   Conv2dParams.DEFAULT.stride(2).padding(1).outputPadding(1)   // conv_transpose2d only
 * </pre>
 * The output size along each spatial axis is
 * {@code out = floor((in + 2·padding - dilation·(kernel - 1) - 1) / stride) + 1} for conv2d and
 * {@code out = (in - 1)·stride - 2·padding + dilation·(kernel - 1) + outputPadding + 1} for
 * conv_transpose2d, where output padding (0 ≤ outputPadding &lt; stride, or &lt; dilation, as
 * PyTorch allows) picks one of the input sizes that conv2d maps to the same output size. conv2d
 * refuses a non-zero output padding.
 */
public record Conv2dParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups,
                           int outputPadH, int outputPadW) {
    /** Stride 1, no padding, no dilation, one group, no output padding. */
    public static final Conv2dParams DEFAULT = new Conv2dParams(1, 1, 0, 0, 1, 1, 1, 0, 0);

    public Conv2dParams {
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("conv2d: stride must be >= 1, got (" + strideH + ", " + strideW + ")");
        if (padH < 0 || padW < 0) throw new IllegalArgumentException("conv2d: padding must be >= 0, got (" + padH + ", " + padW + ")");
        if (dilationH < 1 || dilationW < 1) throw new IllegalArgumentException("conv2d: dilation must be >= 1, got (" + dilationH + ", " + dilationW + ")");
        if (groups < 1) throw new IllegalArgumentException("conv2d: groups must be >= 1, got " + groups);
        if (outputPadH < 0 || outputPadW < 0)
            throw new IllegalArgumentException("conv_transpose2d: output padding must be >= 0, got (" + outputPadH + ", " + outputPadW + ")");
    }

    /**
     * Seven positional ints, no output padding.
     *
     * @deprecated easy to misorder; use {@code DEFAULT.stride(..).padding(..).dilation(..).groups(..)}.
     */
    @Deprecated
    public Conv2dParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
        this(strideH, strideW, padH, padW, dilationH, dilationW, groups, 0, 0);
    }

    /**
     * The same stride, padding and dilation on both axes.
     *
     * @deprecated four positional ints; use {@code DEFAULT.stride(s).padding(p).dilation(d).groups(g)}.
     */
    @Deprecated
    public static Conv2dParams of(int stride, int padding, int dilation, int groups) {
        return DEFAULT.stride(stride).padding(padding).dilation(dilation).groups(groups);
    }

    /** The same stride on both axes. */
    public Conv2dParams stride(int s) { return stride(s, s); }
    public Conv2dParams stride(int sH, int sW) { return new Conv2dParams(sH, sW, padH, padW, dilationH, dilationW, groups, outputPadH, outputPadW); }
    /** The same zero padding on both axes. */
    public Conv2dParams padding(int p) { return padding(p, p); }
    public Conv2dParams padding(int pH, int pW) { return new Conv2dParams(strideH, strideW, pH, pW, dilationH, dilationW, groups, outputPadH, outputPadW); }
    /** The same dilation on both axes. */
    public Conv2dParams dilation(int d) { return dilation(d, d); }
    public Conv2dParams dilation(int dH, int dW) { return new Conv2dParams(strideH, strideW, padH, padW, dH, dW, groups, outputPadH, outputPadW); }
    /** Channel groups (input and output channels must both be divisible by it). */
    public Conv2dParams groups(int g) { return new Conv2dParams(strideH, strideW, padH, padW, dilationH, dilationW, g, outputPadH, outputPadW); }
    /** The same output padding on both axes (conv_transpose2d only). */
    public Conv2dParams outputPadding(int p) { return outputPadding(p, p); }
    public Conv2dParams outputPadding(int pH, int pW) { return new Conv2dParams(strideH, strideW, padH, padW, dilationH, dilationW, groups, pH, pW); }

    /** True when some output padding is set (which only conv_transpose2d accepts). */
    public boolean hasOutputPadding() {
        return outputPadH != 0 || outputPadW != 0;
    }

    public int outH(int h, int kH) {
        return Math.floorDiv(h + 2 * padH - dilationH * (kH - 1) - 1, strideH) + 1;
    }

    public int outW(int w, int kW) {
        return Math.floorDiv(w + 2 * padW - dilationW * (kW - 1) - 1, strideW) + 1;
    }
}
