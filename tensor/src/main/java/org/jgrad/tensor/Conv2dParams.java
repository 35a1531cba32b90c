package org.jgrad.tensor;

/**
 * Hyperparameters of a 2-D convolution. The output size along each spatial axis is
 * {@code out = floor((in + 2·padding - dilation·(kernel - 1) - 1) / stride) + 1}.
 */
public record Conv2dParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    /** Stride 1, no padding, no dilation, one group. */
    public static final Conv2dParams DEFAULT = new Conv2dParams(1, 1, 0, 0, 1, 1, 1);

    public Conv2dParams {
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("conv2d: stride must be >= 1, got (" + strideH + ", " + strideW + ")");
        if (padH < 0 || padW < 0) throw new IllegalArgumentException("conv2d: padding must be >= 0, got (" + padH + ", " + padW + ")");
        if (dilationH < 1 || dilationW < 1) throw new IllegalArgumentException("conv2d: dilation must be >= 1, got (" + dilationH + ", " + dilationW + ")");
        if (groups < 1) throw new IllegalArgumentException("conv2d: groups must be >= 1, got " + groups);
    }

    /** The same stride, padding and dilation on both axes. */
    public static Conv2dParams of(int stride, int padding, int dilation, int groups) {
        return new Conv2dParams(stride, stride, padding, padding, dilation, dilation, groups);
    }

    public int outH(int h, int kH) {
        return Math.floorDiv(h + 2 * padH - dilationH * (kH - 1) - 1, strideH) + 1;
    }

    public int outW(int w, int kW) {
        return Math.floorDiv(w + 2 * padW - dilationW * (kW - 1) - 1, strideW) + 1;
    }
}
