package org.jgrad.tensor;

/**
 * Hyperparameters of 2-D max and average pooling (floor mode). The output size along each axis is
 * {@code floor((in + 2·padding - dilation·(kernel - 1) - 1) / stride) + 1}; padding may be at most
 * half the kernel, as in PyTorch. Average pooling counts padded positions in the divisor when
 * {@code countIncludePad} (PyTorch's default) and ignores dilation.
 */
public record Pool2dParams(int kH, int kW, int strideH, int strideW, int padH, int padW,
                           int dilationH, int dilationW, boolean countIncludePad) {
    public Pool2dParams {
        if (kH < 1 || kW < 1) throw new IllegalArgumentException("pool2d: kernel size must be >= 1, got (" + kH + ", " + kW + ")");
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("pool2d: stride must be >= 1, got (" + strideH + ", " + strideW + ")");
        if (dilationH < 1 || dilationW < 1) throw new IllegalArgumentException("pool2d: dilation must be >= 1, got (" + dilationH + ", " + dilationW + ")");
        if (padH < 0 || padW < 0 || 2 * padH > kH || 2 * padW > kW)
            throw new IllegalArgumentException("pool2d: padding must be between 0 and half the kernel size, got padding ("
                    + padH + ", " + padW + ") for kernel (" + kH + ", " + kW + ")");
    }

    /** Square kernel; stride defaults to the kernel size as in PyTorch when {@code stride} is 0. */
    public static Pool2dParams of(int kernel, int stride, int padding) {
        int s = stride == 0 ? kernel : stride;
        return new Pool2dParams(kernel, kernel, s, s, padding, padding, 1, 1, true);
    }

    public int outH(int h) {
        return Math.floorDiv(h + 2 * padH - dilationH * (kH - 1) - 1, strideH) + 1;
    }

    public int outW(int w) {
        return Math.floorDiv(w + 2 * padW - dilationW * (kW - 1) - 1, strideW) + 1;
    }
}
