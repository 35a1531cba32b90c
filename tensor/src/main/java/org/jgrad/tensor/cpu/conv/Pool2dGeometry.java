package org.jgrad.tensor.cpu.conv;

import org.jgrad.tensor.Pool2dParams;

/**
 * The shape parameters of a 2-D max or average pooling on contiguous NCHW arrays.
 *
 * <p>Input is (n, c, h, w), output (n, c, outH, outW) with, in floor mode,
 * <pre>
 *   outH = floor((h + 2·padH − dilationH·(kH − 1) − 1) / strideH) + 1
 *   outW = floor((w + 2·padW − dilationW·(kW − 1) − 1) / strideW) + 1
 * </pre>
 * and in ceil mode the ceiling instead, less one where the last window would start in the right
 * padding ({@link Pool2dParams#outputSize}, the one statement of the rule).
 * Output (oh, ow) pools the window of input positions
 * {@code (oh·strideH − padH + i·dilationH, ow·strideW − padW + j·dilationW)}, 0 ≤ i &lt; kH,
 * 0 ≤ j &lt; kW, of which those outside the image are padding.
 *
 * <p>As in PyTorch, the padding may be at most half the kernel size ({@code padH ≤ kH/2},
 * {@code padW ≤ kW/2}, integer division). The compact constructor validates every field and throws
 * {@link IllegalArgumentException} naming pool2d and the offending values.
 */
public record Pool2dGeometry(int n, int c, int h, int w, int kH, int kW, int strideH, int strideW,
                             int padH, int padW, int dilationH, int dilationW, boolean ceilMode) {

    /** Validates; throws {@link IllegalArgumentException} naming pool2d and the offending values. */
    public Pool2dGeometry {
        require(n >= 1 && c >= 1 && h >= 1 && w >= 1,
                "sizes must be positive, got n=" + n + ", c=" + c + ", h=" + h + ", w=" + w);
        require(kH >= 1 && kW >= 1, "kernel size must be positive, got kH=" + kH + ", kW=" + kW);
        require(strideH >= 1 && strideW >= 1,
                "stride must be positive, got strideH=" + strideH + ", strideW=" + strideW);
        require(padH >= 0 && padW >= 0, "padding must be non-negative, got padH=" + padH + ", padW=" + padW);
        require(dilationH >= 1 && dilationW >= 1,
                "dilation must be positive, got dilationH=" + dilationH + ", dilationW=" + dilationW);
        require(padH <= kH / 2 && padW <= kW / 2,
                "padding should be at most half of the kernel size, got padH=" + padH + ", padW=" + padW
                        + ", kH=" + kH + ", kW=" + kW);
        long oh = Pool2dParams.outputSize(h, kH, strideH, padH, dilationH, ceilMode);
        long ow = Pool2dParams.outputSize(w, kW, strideW, padW, dilationW, ceilMode);
        require(oh >= 1 && ow >= 1,
                "output size " + oh + "x" + ow + " is too small (input " + h + "x" + w + ", kernel " + kH + "x"
                        + kW + ", stride " + strideH + "x" + strideW + ", padding " + padH + "x" + padW
                        + ", dilation " + dilationH + "x" + dilationW + (ceilMode ? ", ceil mode" : "") + ")");
        long planes = (long) n * c;
        require(planes * h * w <= Integer.MAX_VALUE - 8, "input has " + planes * h * w + " elements, too many");
        require(planes * oh * ow <= Integer.MAX_VALUE - 8, "output has " + planes * oh * ow + " elements, too many");
        require(oh * ow * kH * kW <= Integer.MAX_VALUE - 8, "window table is too large");
    }

    /** The validating factory for floor mode. */
    public static Pool2dGeometry of(int n, int c, int h, int w, int kH, int kW, int strideH, int strideW,
                                    int padH, int padW, int dilationH, int dilationW) {
        return of(n, c, h, w, kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, false);
    }

    /** The validating factory; same as the canonical constructor. */
    public static Pool2dGeometry of(int n, int c, int h, int w, int kH, int kW, int strideH, int strideW,
                                    int padH, int padW, int dilationH, int dilationW, boolean ceilMode) {
        return new Pool2dGeometry(n, c, h, w, kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, ceilMode);
    }

    /** The geometry of pooling an (n, c, h, w) input with {@code p}. */
    public static Pool2dGeometry of(int[] x, Pool2dParams p) {
        return of(x[0], x[1], x[2], x[3], p.kH(), p.kW(), p.strideH(), p.strideW(), p.padH(), p.padW(),
                p.dilationH(), p.dilationW(), p.ceilMode());
    }

    /** Output height. */
    public int outH() {
        return (int) Pool2dParams.outputSize(h, kH, strideH, padH, dilationH, ceilMode);
    }

    /** Output width. */
    public int outW() {
        return (int) Pool2dParams.outputSize(w, kW, strideW, padW, dilationW, ceilMode);
    }

    /**
     * Average pooling's divisor d(o) at output (oh, ow): with {@code countIncludePad} the taps inside
     * the padded input ({@link Pool2dParams#tapsInsidePadding} per axis; kH·kW in floor mode),
     * otherwise {@code inImage}, the count of the window's taps inside the input.
     */
    public int averageDivisor(int oh, int ow, boolean countIncludePad, int inImage) {
        if (!countIncludePad) return inImage;
        return Pool2dParams.tapsInsidePadding(oh, kH, strideH, padH, h) * Pool2dParams.tapsInsidePadding(ow, kW, strideW, padW, w);
    }

    /** Number of elements of the input, n·c·h·w. */
    public int inputSize() {
        return n * c * h * w;
    }

    /** Number of elements of the output (and of the max-pool indices), n·c·outH·outW. */
    public int outputSize() {
        return n * c * outH() * outW();
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("pool2d: " + message);
    }
}
