package org.jgrad.tensor.cpu.conv;

import java.util.Arrays;
import org.jgrad.tensor.cpu.CpuParallel;

/**
 * 2-D max and average pooling on contiguous NCHW host arrays, float32 and float64, forward and
 * backward, with PyTorch's semantics (floor and ceil mode). See {@link Pool2dGeometry} for the shapes.
 *
 * <h2>Definitions</h2>
 * For a plane (b, ch) and an output position o = (oh, ow), let {@code V(o)} be the window's input
 * positions that lie inside the image, in scan order (kernel row i outer, column j inner):
 * <pre>
 *   ih = oh·strideH − padH + i·dilationH,   iw = ow·strideW − padW + j·dilationW
 * </pre>
 * <ul>
 *   <li>max: {@code out[o] = max_{p∈V(o)} x[p]}, {@code indices[o] = ih·w + iw} of the maximum,
 *   the flat index within the (b, ch) input plane. Ties go to the first maximal element in scan
 *   order; a NaN is larger than everything (it propagates), and among several NaNs the last one
 *   wins, exactly like PyTorch's CPU kernel ({@code if (v > max || isnan(v))}). If every element
 *   is −∞ the index is that of the first element of V(o). A window entirely in the padding (only
 *   possible with dilation) gives −∞ and index −1, which the backward pass ignores.
 *   <li>max backward: {@code gradX = 0}, then {@code gradX[indices[o]] += gradOut[o]} for every o,
 *   the adjoint of the gather {@code out[o] = x[indices[o]]}.
 *   <li>average: {@code out[o] = Σ_{p∈V(o)} x[p] / d(o)} with {@code d(o)} the count of
 *   window taps inside the padded image when {@code countIncludePad} (kH·kW in floor mode, where
 *   every window lies inside it; fewer for a ceil-mode window reaching past the right padding: PyTorch's
 *   divisor) and {@code d(o) = |V(o)|} otherwise ({@link Pool2dGeometry#averageDivisor}).
 *   <li>average backward, the adjoint, so that {@code ⟨avg(x), G⟩ = ⟨x, avgBackward(G)⟩}:
 *   {@code gradX[p] = Σ_{o : p∈V(o)} gradOut[o] / d(o)}.
 * </ul>
 * Average pooling requires dilation 1 (as PyTorch's avg_pool2d, which has no dilation); with it
 * and PyTorch's padding rule every window holds at least one image element.
 *
 * <h2>One implementation</h2>
 * The loops are written once, in float64; float32 calls widen their input, run them and round the
 * result once (exact for max, and at least as accurate as float accumulation for the average;
 * pooling moves far fewer bytes than the convolutions around it, so the copies cost little). The
 * windows are the same for every plane, so each call computes them once ({@link Windows}: the
 * lists V(o) as one CSR table of in-plane offsets, plus the divisors) and splits the n·c planes
 * over {@link CpuParallel}. Planes are independent, so results never depend on the thread count.
 */
public final class Pool2dKernels {
    private static final long MIN_TASK_WORK = 1L << 15;

    private Pool2dKernels() {}

    // ---------------------------------------------------------------- float32: through float64

    /** float32 max pooling: the float64 kernel on widened values (exact: every float is a double). */
    public static void maxForward(Pool2dGeometry g, float[] x, float[] out, long[] indices) {
        check(g, "max_pool2d", x.length, out.length, indices.length);
        double[] o = new double[out.length];
        maxForward(g, widen(x), o, indices);
        narrow(o, out);
    }

    /** float32 max-pool backward, through float64. */
    public static void maxBackward(Pool2dGeometry g, float[] gradOut, long[] indices, float[] gradX) {
        check(g, "max_pool2d backward", gradX.length, gradOut.length, indices.length);
        double[] gx = new double[gradX.length];
        maxBackward(g, widen(gradOut), indices, gx);
        narrow(gx, gradX);
    }

    /** float32 average pooling, summed in float64 and rounded once. */
    public static void avgForward(Pool2dGeometry g, boolean countIncludePad, float[] x, float[] out) {
        check(g, "avg_pool2d", x.length, out.length, out.length);
        double[] o = new double[out.length];
        avgForward(g, countIncludePad, widen(x), o);
        narrow(o, out);
    }

    /** float32 average-pool backward, through float64. */
    public static void avgBackward(Pool2dGeometry g, boolean countIncludePad, float[] gradOut, float[] gradX) {
        check(g, "avg_pool2d backward", gradX.length, gradOut.length, gradOut.length);
        double[] gx = new double[gradX.length];
        avgBackward(g, countIncludePad, widen(gradOut), gx);
        narrow(gx, gradX);
    }

    private static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    private static void narrow(double[] from, float[] to) {
        for (int i = 0; i < from.length; i++) to[i] = (float) from[i];
    }

    // ---------------------------------------------------------------- float64

    /** float64 max pooling; writes the maxima and their in-plane flat indices. */
    public static void maxForward(Pool2dGeometry g,
                                  double[] x,        // (N, C, H, W)
                                  double[] out,      // (N, C, outH, outW)
                                  long[] indices) {  // (N, C, outH, outW), values in [0, H·W)
        check(g, "max_pool2d", x.length, out.length, indices.length);
        Windows win = Windows.forMax(g);
        parallelPlanes(g, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int xOff = p * win.inPlane, oOff = p * win.outPlane;
                for (int o = 0; o < win.outPlane; o++) {
                    int s = win.start[o], e = win.start[o + 1];
                    double m = Double.NEGATIVE_INFINITY;
                    int mi = s < e ? win.offset[s] : -1;
                    for (int t = s; t < e; t++) {
                        double v = x[xOff + win.offset[t]];
                        if (v > m || v != v) { m = v; mi = win.offset[t]; }
                    }
                    out[oOff + o] = m;
                    indices[oOff + o] = mi;
                }
            }
        });
    }

    /** float64 max-pool backward: {@code gradX = 0; gradX[indices[o]] += gradOut[o]} per plane. */
    public static void maxBackward(Pool2dGeometry g,
                                   double[] gradOut,  // (N, C, outH, outW)
                                   long[] indices,    // (N, C, outH, outW)
                                   double[] gradX) {  // (N, C, H, W)
        check(g, "max_pool2d backward", gradX.length, gradOut.length, indices.length);
        int inPlane = g.h() * g.w(), outPlane = g.outH() * g.outW();
        parallelPlanes(g, (p0, p1) -> {
            Arrays.fill(gradX, p0 * inPlane, p1 * inPlane, 0.0);
            for (int p = p0; p < p1; p++) {
                int xOff = p * inPlane, oOff = p * outPlane;
                for (int o = 0; o < outPlane; o++) {
                    int i = target(indices[oOff + o], inPlane);
                    if (i >= 0) gradX[xOff + i] += gradOut[oOff + o];
                }
            }
        });
    }

    /** float64 average pooling. */
    public static void avgForward(Pool2dGeometry g, boolean countIncludePad,
                                  double[] x,     // (N, C, H, W)
                                  double[] out) { // (N, C, outH, outW)
        check(g, "avg_pool2d", x.length, out.length, out.length);
        Windows win = Windows.forAverage(g, countIncludePad);
        parallelPlanes(g, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int xOff = p * win.inPlane, oOff = p * win.outPlane;
                for (int o = 0; o < win.outPlane; o++) {
                    double sum = 0.0;
                    for (int t = win.start[o]; t < win.start[o + 1]; t++) sum += x[xOff + win.offset[t]];
                    out[oOff + o] = sum / win.divisor[o];
                }
            }
        });
    }

    /** float64 average-pool backward: {@code gradX[p] = Σ_{o∋p} gradOut[o] / d(o)}, overwriting gradX. */
    public static void avgBackward(Pool2dGeometry g, boolean countIncludePad,
                                   double[] gradOut,  // (N, C, outH, outW)
                                   double[] gradX) {  // (N, C, H, W)
        check(g, "avg_pool2d backward", gradX.length, gradOut.length, gradOut.length);
        Windows win = Windows.forAverage(g, countIncludePad);
        parallelPlanes(g, (p0, p1) -> {
            Arrays.fill(gradX, p0 * win.inPlane, p1 * win.inPlane, 0.0);
            for (int p = p0; p < p1; p++) {
                int xOff = p * win.inPlane, oOff = p * win.outPlane;
                for (int o = 0; o < win.outPlane; o++) {
                    double v = gradOut[oOff + o] / win.divisor[o];
                    for (int t = win.start[o]; t < win.start[o + 1]; t++) gradX[xOff + win.offset[t]] += v;
                }
            }
        });
    }

    // ---------------------------------------------------------------- shared

    private static void parallelPlanes(Pool2dGeometry g, CpuParallel.RangeBody body) {
        long work = Math.max(1L, (long) g.outH() * g.outW() * g.kH() * g.kW());
        int grain = (int) Math.max(1, Math.min(Integer.MAX_VALUE, MIN_TASK_WORK / work));
        CpuParallel.forRange(g.n() * g.c(), grain, body);
    }

    /** A max-pool index as an in-plane offset: −1 (ignored) stays −1; anything else must be in range. */
    private static int target(long index, int inPlane) {
        if (index == -1) return -1;
        if (index < 0 || index >= inPlane) {
            throw new IllegalArgumentException("max_pool2d backward: index " + index
                    + " is outside the input plane of " + inPlane + " elements");
        }
        return (int) index;
    }

    private static void check(Pool2dGeometry g, String op, int inputLen, int outputLen, int indicesLen) {
        if (inputLen != g.inputSize() || outputLen != g.outputSize() || indicesLen != g.outputSize()) {
            throw new IllegalArgumentException(op + ": array lengths (input " + inputLen + ", output " + outputLen
                    + ", indices " + indicesLen + ") do not match " + g + ", which needs input "
                    + g.inputSize() + " and output " + g.outputSize());
        }
    }

    /**
     * The pooling windows of one plane, shared by all planes: for output position o (row-major over
     * outH × outW), the in-plane offsets {@code ih·w + iw} of its in-image elements, in scan order,
     * are {@code offset[start[o] .. start[o+1])}; {@code divisor[o]} is the average's d(o) (only
     * when built for averaging).
     */
    static final class Windows {
        final int inPlane, outPlane;
        final int[] start, offset;
        final int[] divisor;

        static Windows forMax(Pool2dGeometry g) {
            return new Windows(g, false, false);
        }

        static Windows forAverage(Pool2dGeometry g, boolean countIncludePad) {
            if (g.dilationH() != 1 || g.dilationW() != 1) {
                throw new IllegalArgumentException("avg_pool2d: dilation must be 1, got dilationH="
                        + g.dilationH() + ", dilationW=" + g.dilationW());
            }
            return new Windows(g, true, countIncludePad);
        }

        private Windows(Pool2dGeometry g, boolean withDivisor, boolean countIncludePad) {
            inPlane = g.h() * g.w();
            outPlane = g.outH() * g.outW();
            start = new int[outPlane + 1];
            int[] buf = new int[outPlane * g.kH() * g.kW()];
            int count = 0;
            for (int oh = 0, o = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++, o++) {
                    start[o] = count;
                    for (int i = 0; i < g.kH(); i++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        if (ih < 0 || ih >= g.h()) continue;
                        for (int j = 0; j < g.kW(); j++) {
                            int iw = ow * g.strideW() - g.padW() + j * g.dilationW();
                            if (iw >= 0 && iw < g.w()) buf[count++] = ih * g.w() + iw;
                        }
                    }
                }
            }
            start[outPlane] = count;
            offset = Arrays.copyOf(buf, count);
            if (withDivisor) {
                divisor = new int[outPlane];
                for (int o = 0; o < outPlane; o++) {
                    divisor[o] = g.averageDivisor(o / g.outW(), o % g.outW(), countIncludePad, start[o + 1] - start[o]);
                }
            } else {
                divisor = null;
            }
        }

    }
}
