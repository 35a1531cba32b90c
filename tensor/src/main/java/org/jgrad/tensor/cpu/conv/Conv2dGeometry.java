package org.jgrad.tensor.cpu.conv;

/**
 * The shape parameters of a 2-D convolution (cross-correlation, as PyTorch's {@code conv2d}
 * defines it) on contiguous NCHW arrays.
 *
 * <p>Shapes: input {@code x} is (n, cIn, h, w), {@code weight} is (cOut, cIn/groups, kH, kW) and
 * the output is (n, cOut, outH, outW) with
 * <pre>
 *   outH = floor((h + 2·padH − dilationH·(kH − 1) − 1) / strideH) + 1
 *   outW = floor((w + 2·padW − dilationW·(kW − 1) − 1) / strideW) + 1
 * </pre>
 * Output channel {@code co} belongs to group {@code g = co / (cOut/groups)} and sees only the
 * input channels {@code g·(cIn/groups) .. (g+1)·(cIn/groups) − 1}:
 * <pre>
 *   out[b, co, oh, ow] = Σ_{c, i, j} x[b, g·cInG + c, oh·strideH − padH + i·dilationH,
 *                                                     ow·strideW − padW + j·dilationW] · weight[co, c, i, j]
 * </pre>
 * where {@code cInG = cIn/groups} and input positions outside the image read as zero.
 *
 * <p>The compact constructor validates every field, so every instance is a valid convolution
 * whose array sizes fit in a Java array; {@link #of} is the named factory for the same thing.
 */
public record Conv2dGeometry(int n, int cIn, int h, int w, int cOut, int kH, int kW,
                             int strideH, int strideW, int padH, int padW,
                             int dilationH, int dilationW, int groups) {

    /** Validates; throws {@link IllegalArgumentException} naming conv2d and the offending values. */
    public Conv2dGeometry {
        require(n >= 1 && cIn >= 1 && h >= 1 && w >= 1 && cOut >= 1,
                "sizes must be positive, got n=" + n + ", cIn=" + cIn + ", h=" + h + ", w=" + w
                        + ", cOut=" + cOut);
        require(kH >= 1 && kW >= 1, "kernel size must be positive, got kH=" + kH + ", kW=" + kW);
        require(strideH >= 1 && strideW >= 1,
                "stride must be positive, got strideH=" + strideH + ", strideW=" + strideW);
        require(padH >= 0 && padW >= 0,
                "padding must be non-negative, got padH=" + padH + ", padW=" + padW);
        require(dilationH >= 1 && dilationW >= 1,
                "dilation must be positive, got dilationH=" + dilationH + ", dilationW=" + dilationW);
        require(groups >= 1, "groups must be positive, got groups=" + groups);
        require(cIn % groups == 0, "cIn=" + cIn + " is not divisible by groups=" + groups);
        require(cOut % groups == 0, "cOut=" + cOut + " is not divisible by groups=" + groups);
        long oh = outSize(h, kH, strideH, padH, dilationH), ow = outSize(w, kW, strideW, padW, dilationW);
        require(oh >= 1 && ow >= 1,
                "output size " + oh + "x" + ow + " is too small (input " + h + "x" + w + ", kernel "
                        + kH + "x" + kW + ", stride " + strideH + "x" + strideW + ", padding " + padH
                        + "x" + padW + ", dilation " + dilationH + "x" + dilationW + ")");
        long colRows = (long) (cIn / groups) * kH * kW;
        fits((long) n * cIn * h * w, "input");
        fits((long) cOut * colRows, "weight");
        fits((long) n * cOut * oh * ow, "output");
        fits(colRows * oh * ow, "im2col buffer");
    }

    /** The validating factory; same as the canonical constructor. */
    public static Conv2dGeometry of(int n, int cIn, int h, int w, int cOut, int kH, int kW,
                                    int strideH, int strideW, int padH, int padW,
                                    int dilationH, int dilationW, int groups) {
        return new Conv2dGeometry(n, cIn, h, w, cOut, kH, kW, strideH, strideW, padH, padW,
                dilationH, dilationW, groups);
    }

    /** Output height: {@code (h + 2·padH − dilationH·(kH−1) − 1)/strideH + 1}. */
    public int outH() {
        return (int) outSize(h, kH, strideH, padH, dilationH);
    }

    /** Output width: {@code (w + 2·padW − dilationW·(kW−1) − 1)/strideW + 1}. */
    public int outW() {
        return (int) outSize(w, kW, strideW, padW, dilationW);
    }

    /** Input channels per group, {@code cIn/groups}. */
    public int cInPerGroup() {
        return cIn / groups;
    }

    /** Output channels per group, {@code cOut/groups}. */
    public int cOutPerGroup() {
        return cOut / groups;
    }

    /** Number of elements of x, n·cIn·h·w. */
    public int inputSize() {
        return n * cIn * h * w;
    }

    /** Number of elements of the weight, cOut·(cIn/groups)·kH·kW. */
    public int weightSize() {
        return cOut * cInPerGroup() * kH * kW;
    }

    /** Number of elements of the output, n·cOut·outH·outW. */
    public int outputSize() {
        return n * cOut * outH() * outW();
    }

    private static long outSize(int in, int k, int stride, int pad, int dilation) {
        long span = in + 2L * pad - (long) dilation * (k - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }

    private static void fits(long size, String what) {
        require(size <= Integer.MAX_VALUE - 8, what + " has " + size + " elements, more than a Java array holds");
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("conv2d: " + message);
    }
}
