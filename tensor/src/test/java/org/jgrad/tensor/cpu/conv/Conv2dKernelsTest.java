package org.jgrad.tensor.cpu.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dKernelsTest {

    // ------------------------------------------------------------------ geometries

    /** n, cIn, h, w, cOut, kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, groups. */
    private static final int[][] FIXED = {
            {1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1, 1},     // plain 3x3
            {2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1},     // same padding, non-square
            {3, 4, 8, 5, 6, 3, 3, 2, 2, 1, 1, 1, 1, 2},     // groups 2, stride 2
            {2, 4, 6, 7, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4},     // depthwise
            {2, 3, 9, 8, 6, 3, 3, 1, 1, 2, 2, 2, 2, 3},     // depthwise x2, dilation 2, pad 2
            {1, 2, 6, 9, 3, 2, 3, 1, 2, 0, 1, 1, 1, 1},     // 2x3 kernel, mixed stride
            {2, 2, 9, 10, 3, 5, 5, 1, 1, 2, 2, 1, 1, 1},    // 5x5
            {1, 3, 11, 9, 2, 5, 5, 3, 3, 2, 1, 1, 1, 1},    // 5x5 stride 3
            {2, 4, 5, 6, 6, 1, 1, 1, 1, 0, 0, 1, 1, 1},     // pointwise fast path
            {3, 4, 5, 6, 6, 1, 1, 1, 1, 0, 0, 1, 1, 2},     // pointwise fast path, grouped
            {2, 3, 7, 7, 2, 1, 1, 2, 2, 0, 0, 1, 1, 1},     // 1x1 stride 2 (im2col path)
            {1, 2, 5, 5, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1},     // 1x1 with padding
            {1, 1, 4, 4, 1, 3, 3, 1, 1, 2, 2, 1, 1, 1},     // padding wider than needed
            {2, 2, 8, 7, 4, 3, 2, 3, 2, 1, 2, 2, 1, 2},     // mixed everything
            {1, 2, 3, 3, 2, 3, 3, 3, 3, 0, 0, 1, 1, 1},     // 1x1 output
            {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1},     // scalar
            {3, 6, 6, 5, 3, 2, 3, 2, 1, 1, 0, 2, 2, 3},     // groups 3, dilation 2
            {11, 2, 4, 4, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1},    // more samples than weight-grad chunks
            {4, 8, 12, 11, 8, 3, 3, 1, 1, 1, 1, 1, 1, 2},   // big enough to run forward/inputGrad in parallel
            {2, 2, 3, 12, 2, 3, 3, 1, 1, 1, 0, 1, 2, 1},    // wide image, dilation only in W
            {20, 8, 30, 30, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1},  // 2 samples per GEMM: several GEMMs per weight-grad chunk
            {37, 3, 9, 9, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1},    // many samples side by side in one GEMM, odd chunk sizes
            {9, 4, 4, 4, 6, 1, 1, 1, 1, 0, 0, 1, 1, 1},     // pointwise with a small plane: batched through the table
    };

    static Stream<Conv2dGeometry> geometries() {
        List<Conv2dGeometry> all = new ArrayList<>();
        for (int[] a : FIXED) {
            try {
                all.add(of(a));
            } catch (IllegalArgumentException e) {
                throw new AssertionError("bad fixed geometry " + Arrays.toString(a), e);
            }
        }
        Random rnd = new Random(1234);
        int[] kernels = {1, 2, 3, 5};
        while (all.size() < FIXED.length + 30) {
            int n = 1 + rnd.nextInt(3);
            int groups = 1 + rnd.nextInt(3);
            int cInG = 1 + rnd.nextInt(3), cOutG = 1 + rnd.nextInt(3);
            if (rnd.nextInt(4) == 0) { cInG = 1; groups = 2 + rnd.nextInt(3); } // depthwise-like
            int h = 1 + rnd.nextInt(10), w = 1 + rnd.nextInt(10);
            int kH = kernels[rnd.nextInt(4)], kW = kernels[rnd.nextInt(4)];
            int[] a = {n, cInG * groups, h, w, cOutG * groups, kH, kW, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3),
                    rnd.nextInt(3), rnd.nextInt(3), 1 + rnd.nextInt(2), 1 + rnd.nextInt(2), groups};
            try {
                Conv2dGeometry g = of(a);
                // Skip draws whose every window lies in the padding (see windowsOnlyInPadding).
                double[] ones = new double[g.inputSize()], w1 = new double[g.weightSize()];
                Arrays.fill(ones, 1);
                Arrays.fill(w1, 1);
                if (maxAbs(refForward(g, ones, w1)) > 0) all.add(g);
            } catch (IllegalArgumentException e) {
                // output too small: draw again
            }
        }
        return all.stream();
    }

    private static Conv2dGeometry of(int[] a) {
        return Conv2dGeometry.of(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11],
                a[12], a[13]);
    }

    // ------------------------------------------------------------------ direct references

    /** x at (b, c, ih, iw), zero outside the image. */
    private static double at(Conv2dGeometry g, double[] x, int b, int c, int ih, int iw) {
        if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) return 0;
        return x[((b * g.cIn() + c) * g.h() + ih) * g.w() + iw];
    }

    /** out[b,co,oh,ow] = Σ_{c,i,j} x[b, grp·cInG + c, oh·sH − pH + i·dH, ow·sW − pW + j·dW] · w[co,c,i,j]. */
    static double[] refForward(Conv2dGeometry g, double[] x, double[] wt) {
        int cInG = g.cIn() / g.groups(), cOutG = g.cOut() / g.groups(), oH = g.outH(), oW = g.outW();
        double[] out = new double[g.n() * g.cOut() * oH * oW];
        for (int b = 0; b < g.n(); b++)
            for (int co = 0; co < g.cOut(); co++)
                for (int oh = 0; oh < oH; oh++)
                    for (int ow = 0; ow < oW; ow++) {
                        double s = 0;
                        for (int c = 0; c < cInG; c++)
                            for (int i = 0; i < g.kH(); i++)
                                for (int j = 0; j < g.kW(); j++) {
                                    int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                                    int iw = ow * g.strideW() - g.padW() + j * g.dilationW();
                                    s += at(g, x, b, (co / cOutG) * cInG + c, ih, iw)
                                            * wt[((co * cInG + c) * g.kH() + i) * g.kW() + j];
                                }
                        out[((b * g.cOut() + co) * oH + oh) * oW + ow] = s;
                    }
        return out;
    }

    /** The same loops, accumulating G·w into the input position (the adjoint in x). */
    static double[] refInputGrad(Conv2dGeometry g, double[] gOut, double[] wt) {
        int cInG = g.cIn() / g.groups(), cOutG = g.cOut() / g.groups(), oH = g.outH(), oW = g.outW();
        double[] gx = new double[g.n() * g.cIn() * g.h() * g.w()];
        for (int b = 0; b < g.n(); b++)
            for (int co = 0; co < g.cOut(); co++)
                for (int oh = 0; oh < oH; oh++)
                    for (int ow = 0; ow < oW; ow++)
                        for (int c = 0; c < cInG; c++)
                            for (int i = 0; i < g.kH(); i++)
                                for (int j = 0; j < g.kW(); j++) {
                                    int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                                    int iw = ow * g.strideW() - g.padW() + j * g.dilationW();
                                    if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) continue;
                                    int ci = (co / cOutG) * cInG + c;
                                    gx[((b * g.cIn() + ci) * g.h() + ih) * g.w() + iw] +=
                                            gOut[((b * g.cOut() + co) * oH + oh) * oW + ow]
                                                    * wt[((co * cInG + c) * g.kH() + i) * g.kW() + j];
                                }
        return gx;
    }

    /** The same loops, accumulating G·x into the weight position (the adjoint in w). */
    static double[] refWeightGrad(Conv2dGeometry g, double[] x, double[] gOut) {
        int cInG = g.cIn() / g.groups(), cOutG = g.cOut() / g.groups(), oH = g.outH(), oW = g.outW();
        double[] gw = new double[g.cOut() * cInG * g.kH() * g.kW()];
        for (int b = 0; b < g.n(); b++)
            for (int co = 0; co < g.cOut(); co++)
                for (int oh = 0; oh < oH; oh++)
                    for (int ow = 0; ow < oW; ow++)
                        for (int c = 0; c < cInG; c++)
                            for (int i = 0; i < g.kH(); i++)
                                for (int j = 0; j < g.kW(); j++) {
                                    int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                                    int iw = ow * g.strideW() - g.padW() + j * g.dilationW();
                                    gw[((co * cInG + c) * g.kH() + i) * g.kW() + j] +=
                                            gOut[((b * g.cOut() + co) * oH + oh) * oW + ow]
                                                    * at(g, x, b, (co / cOutG) * cInG + c, ih, iw);
                                }
        return gw;
    }

    // ------------------------------------------------------------------ helpers

    static double[] random(Random rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextDouble() * 2 - 1;
        return a;
    }

    /** Values exactly representable in float32, so float and double runs see the same inputs. */
    static double[] randomFloatExact(Random rnd, int n) {
        double[] a = random(rnd, n);
        for (int i = 0; i < n; i++) a[i] = (float) a[i];
        return a;
    }

    static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    static double dot(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double[] abs(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = Math.abs(a[i]);
        return r;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static void assertClose(double[] expected, double[] actual, double relTol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double tol = relTol * Math.max(1e-300, maxAbs(expected));
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= tol)) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " but was "
                        + actual[i] + " (tolerance " + tol + ")");
            }
        }
    }

    static void assertClose(double[] expected, float[] actual, double relTol, String what) {
        double[] a = new double[actual.length];
        for (int i = 0; i < a.length; i++) a[i] = actual[i];
        assertClose(expected, a, relTol, what);
    }

    static double[] filledNaN(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    static float[] filledNaNf(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    private static Random rnd(Conv2dGeometry g) {
        return new Random(g.hashCode());
    }

    // ------------------------------------------------------------------ float64 vs direct loops

    @ParameterizedTest
    @MethodSource("geometries")
    void float64MatchesDirectReferences(Conv2dGeometry g) {
        Random rnd = rnd(g);
        double[] x = random(rnd, g.inputSize()), w = random(rnd, g.weightSize()), gOut = random(rnd, g.outputSize());

        double[] out = filledNaN(g.outputSize());       // the kernels must overwrite
        Conv2dKernels.forward(g, x, w, out);
        double[] ref = refForward(g, x, w);
        assertTrue(maxAbs(ref) > 0, "reference is not trivially zero");
        assertClose(ref, out, 1e-12, "forward " + g);

        double[] gx = filledNaN(g.inputSize());
        Conv2dKernels.inputGrad(g, gOut, w, gx);
        assertClose(refInputGrad(g, gOut, w), gx, 1e-12, "inputGrad " + g);

        double[] gw = filledNaN(g.weightSize());
        Conv2dKernels.weightGrad(g, x, gOut, gw);
        assertClose(refWeightGrad(g, x, gOut), gw, 1e-12, "weightGrad " + g);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void gradientsAreAdjoints(Conv2dGeometry g) {
        Random rnd = rnd(g);
        double[] x = random(rnd, g.inputSize()), w = random(rnd, g.weightSize()), gOut = random(rnd, g.outputSize());
        double[] out = new double[g.outputSize()], gx = new double[g.inputSize()], gw = new double[g.weightSize()];
        Conv2dKernels.forward(g, x, w, out);
        Conv2dKernels.inputGrad(g, gOut, w, gx);
        Conv2dKernels.weightGrad(g, x, gOut, gw);

        double lhs = dot(out, gOut), viaX = dot(x, gx), viaW = dot(w, gw);
        // Scale: the same sum with every term made non-negative, so cancellation cannot hide errors.
        double scale = dot(refForward(g, abs(x), abs(w)), abs(gOut));
        assertTrue(scale > 0);
        assertEquals(lhs, viaX, 1e-10 * scale, "<conv(x,W),G> = <x, inputGrad(G,W)> for " + g);
        assertEquals(lhs, viaW, 1e-10 * scale, "<conv(x,W),G> = <W, weightGrad(x,G)> for " + g);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void gradientsMatchCentralDifferences(Conv2dGeometry g) {
        Random rnd = rnd(g);
        double[] x = random(rnd, g.inputSize()), w = random(rnd, g.weightSize()), gOut = random(rnd, g.outputSize());
        double[] gx = new double[g.inputSize()], gw = new double[g.weightSize()];
        Conv2dKernels.inputGrad(g, gOut, w, gx);
        Conv2dKernels.weightGrad(g, x, gOut, gw);
        double h = 1e-3;
        for (int t = 0; t < 3; t++) {
            int i = rnd.nextInt(x.length);
            double fd = centralDifference(g, x, w, gOut, x, i, h);
            assertEquals(fd, gx[i], 1e-8 * (1 + Math.abs(fd)), "dL/dx[" + i + "] for " + g);
            int k = rnd.nextInt(w.length);
            fd = centralDifference(g, x, w, gOut, w, k, h);
            assertEquals(fd, gw[k], 1e-8 * (1 + Math.abs(fd)), "dL/dW[" + k + "] for " + g);
        }
    }

    /** (L(v + h·e_i) − L(v − h·e_i)) / 2h with L = ⟨conv(x, w), G⟩ and v either x or w. */
    private static double centralDifference(Conv2dGeometry g, double[] x, double[] w, double[] gOut,
                                            double[] v, int i, double h) {
        double saved = v[i];
        double[] out = new double[g.outputSize()];
        v[i] = saved + h;
        Conv2dKernels.forward(g, x, w, out);
        double plus = dot(out, gOut);
        v[i] = saved - h;
        Conv2dKernels.forward(g, x, w, out);
        double minus = dot(out, gOut);
        v[i] = saved;
        return (plus - minus) / (2 * h);
    }

    // ------------------------------------------------------------------ float32 vs float64

    @ParameterizedTest
    @MethodSource("geometries")
    void float32MatchesFloat64(Conv2dGeometry g) {
        Random rnd = rnd(g);
        double[] x = randomFloatExact(rnd, g.inputSize()), w = randomFloatExact(rnd, g.weightSize());
        double[] gOut = randomFloatExact(rnd, g.outputSize());

        double[] out = new double[g.outputSize()], gx = new double[g.inputSize()], gw = new double[g.weightSize()];
        Conv2dKernels.forward(g, x, w, out);
        Conv2dKernels.inputGrad(g, gOut, w, gx);
        Conv2dKernels.weightGrad(g, x, gOut, gw);

        float[] outF = filledNaNf(g.outputSize()), gxF = filledNaNf(g.inputSize()), gwF = filledNaNf(g.weightSize());
        Conv2dKernels.forward(g, toFloat(x), toFloat(w), outF);
        Conv2dKernels.inputGrad(g, toFloat(gOut), toFloat(w), gxF);
        Conv2dKernels.weightGrad(g, toFloat(x), toFloat(gOut), gwF);

        assertClose(out, outF, 1e-4, "float32 forward " + g);
        assertClose(gx, gxF, 1e-4, "float32 inputGrad " + g);
        assertClose(gw, gwF, 1e-4, "float32 weightGrad " + g);
    }

    // ------------------------------------------------------------------ determinism, paths, errors

    @Test
    void weightGradIsReproducibleBitForBit() {
        Conv2dGeometry g = Conv2dGeometry.of(13, 3, 6, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        assertEquals(Conv2dKernels.MAX_WEIGHT_GRAD_CHUNKS, Conv2dKernels.weightGradChunks(g));
        Random rnd = new Random(7);
        float[] x = toFloat(random(rnd, g.inputSize())), gOut = toFloat(random(rnd, g.outputSize()));
        float[] first = new float[g.weightSize()];
        Conv2dKernels.weightGrad(g, x, gOut, first);
        for (int rep = 0; rep < 3; rep++) {
            float[] again = filledNaNf(g.weightSize());
            Conv2dKernels.weightGrad(g, x, gOut, again);
            assertArrayEquals(first, again);
        }
        // The summation order is fixed by the geometry: reproduce it serially, chunk by chunk.
        int chunks = Conv2dKernels.weightGradChunks(g);
        float[] expected = new float[g.weightSize()];
        for (int c = 0; c < chunks; c++) {
            int b0 = g.n() * c / chunks, b1 = g.n() * (c + 1) / chunks;
            Conv2dGeometry sub = Conv2dGeometry.of(1, g.cIn(), g.h(), g.w(), g.cOut(), g.kH(), g.kW(), g.strideH(),
                    g.strideW(), g.padH(), g.padW(), g.dilationH(), g.dilationW(), g.groups());
            float[] partial = new float[g.weightSize()];
            for (int b = b0; b < b1; b++) {
                float[] one = new float[g.weightSize()];
                Conv2dKernels.weightGrad(sub, Arrays.copyOfRange(x, b * sub.inputSize(), (b + 1) * sub.inputSize()),
                        Arrays.copyOfRange(gOut, b * sub.outputSize(), (b + 1) * sub.outputSize()), one);
                for (int i = 0; i < one.length; i++) partial[i] = b == b0 ? one[i] : partial[i] + one[i];
            }
            for (int i = 0; i < partial.length; i++) expected[i] = c == 0 ? partial[i] : expected[i] + partial[i];
        }
        float[] fresh = new float[g.weightSize()];
        Conv2dKernels.weightGrad(g, x, gOut, fresh);
        double[] e = new double[expected.length];
        for (int i = 0; i < e.length; i++) e[i] = expected[i];
        assertClose(e, fresh, 1e-5, "chunked reduction");
    }

    /**
     * A sample's output and input gradient are bit-identical whether it is convolved alone or beside
     * others in one GEMM, so the batch's split into chunks (which follows the thread count) cannot
     * change a bit. K = 32·9 = 288 spans two of the GEMM's k blocks, where a ragged edge tile once
     * rounded differently from a full one.
     */
    @Test
    void aSampleGivesTheSameBitsAloneOrInABatch() {
        Conv2dGeometry g = Conv2dGeometry.of(11, 32, 7, 7, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        Conv2dGeometry one = Conv2dGeometry.of(1, 32, 7, 7, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        assertTrue(Conv2dKernels.samplesPerGemm(g) > 1);
        Random rnd = new Random(5);
        float[] x = toFloat(random(rnd, g.inputSize())), w = toFloat(random(rnd, g.weightSize()));
        float[] gOut = toFloat(random(rnd, g.outputSize()));
        float[] y = new float[g.outputSize()], gx = new float[g.inputSize()];
        Conv2dKernels.forward(g, x, w, y);
        Conv2dKernels.inputGrad(g, gOut, w, gx);
        for (int b = 0; b < g.n(); b++) {
            float[] yb = new float[one.outputSize()], gxb = new float[one.inputSize()];
            Conv2dKernels.forward(one, Arrays.copyOfRange(x, b * one.inputSize(), (b + 1) * one.inputSize()), w, yb);
            Conv2dKernels.inputGrad(one, Arrays.copyOfRange(gOut, b * one.outputSize(), (b + 1) * one.outputSize()), w, gxb);
            assertArrayEquals(yb, Arrays.copyOfRange(y, b * one.outputSize(), (b + 1) * one.outputSize()), "forward, sample " + b);
            assertArrayEquals(gxb, Arrays.copyOfRange(gx, b * one.inputSize(), (b + 1) * one.inputSize()), "inputGrad, sample " + b);
        }
    }

    @Test
    void samplesSharingAGemmDependOnTheGeometryAlone() {
        Conv2dGeometry wide = Conv2dGeometry.of(20, 8, 30, 30, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1);   // K·L = 72·900
        assertEquals(2, Conv2dKernels.samplesPerGemm(wide));
        Conv2dGeometry small = Conv2dGeometry.of(128, 16, 7, 7, 32, 3, 3, 2, 2, 1, 1, 1, 1, 1); // K·L = 144·16
        assertEquals(56, Conv2dKernels.samplesPerGemm(small));
        assertEquals(1, Conv2dKernels.samplesPerGemm(Conv2dGeometry.of(4, 64, 64, 64, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1)));
    }

    @Test
    void windowsOnlyInPaddingGiveZeros() {
        // 1x1 image, 1x1 kernel, stride 2, padding 1: outputs read (-1, -1), (-1, 1), (1, -1), (1, 1).
        Conv2dGeometry g = Conv2dGeometry.of(2, 2, 1, 1, 3, 1, 1, 2, 2, 1, 1, 1, 1, 1);
        assertEquals(2, g.outH());
        double[] out = filledNaN(g.outputSize()), gx = filledNaN(g.inputSize()), gw = filledNaN(g.weightSize());
        Conv2dKernels.forward(g, new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4, 5, 6}, out);
        Conv2dKernels.inputGrad(g, random(new Random(1), g.outputSize()), new double[] {1, 2, 3, 4, 5, 6}, gx);
        Conv2dKernels.weightGrad(g, new double[] {1, 2, 3, 4}, random(new Random(2), g.outputSize()), gw);
        assertArrayEquals(new double[g.outputSize()], out);
        assertArrayEquals(new double[g.inputSize()], gx);
        assertArrayEquals(new double[g.weightSize()], gw);
    }

    @Test
    void pointwiseFastPathIsTakenOnlyWhenValid() {
        assertTrue(Conv2dKernels.isPointwise(Conv2dGeometry.of(1, 2, 3, 3, 2, 1, 1, 1, 1, 0, 0, 1, 1, 1)));
        assertTrue(Conv2dKernels.isPointwise(Conv2dGeometry.of(1, 2, 3, 3, 2, 1, 1, 1, 1, 0, 0, 2, 2, 2)));
        assertTrue(!Conv2dKernels.isPointwise(Conv2dGeometry.of(1, 2, 3, 3, 2, 1, 1, 2, 1, 0, 0, 1, 1, 1)));
        assertTrue(!Conv2dKernels.isPointwise(Conv2dGeometry.of(1, 2, 3, 3, 2, 1, 1, 1, 1, 0, 1, 1, 1, 1)));
        assertTrue(!Conv2dKernels.isPointwise(Conv2dGeometry.of(1, 2, 3, 3, 2, 1, 3, 1, 1, 0, 1, 1, 1, 1)));
    }

    @Test
    void im2colTableMarksPaddingAndReadsTheRightPixels() {
        Conv2dGeometry g = Conv2dGeometry.of(1, 1, 2, 3, 1, 2, 2, 1, 2, 1, 0, 1, 1, 1);
        // outH = (2 + 2 - 1 - 1)/1 + 1 = 3, outW = (3 - 1 - 1)/2 + 1 = 1
        assertEquals(3, g.outH());
        assertEquals(1, g.outW());
        int[] t = im2colTable(g);
        // rows (i, j) = (0,0), (0,1), (1,0), (1,1); columns oh = 0, 1, 2; ih = oh - 1 + i; iw = j
        assertArrayEquals(new int[] {-1, 0, 3, -1, 1, 4, 0, 3, -1, 1, 4, -1}, t);
    }

    /** im2col as a gather through the table, and col2im as a scatter-add through it: the plain definitions {@link Im2col} must equal. */
    @ParameterizedTest
    @MethodSource("geometries")
    void im2colRowCopiesEqualTheTableDefinition(Conv2dGeometry g) {
        Random rnd = rnd(g);
        int[] table = im2colTable(g);
        int l = g.outH() * g.outW(), slice = g.cInPerGroup() * g.h() * g.w(), ld = l + 3, off = 2;
        double[] x = random(rnd, slice + 5), col = filledNaN(off + table.length / Math.max(1, l) * ld);
        new Im2col(g).gather(ArrayOps.DOUBLE, x, 5, col, off, ld, false);
        double[] again = col.clone();
        new Im2col(g).gather(ArrayOps.DOUBLE, random(rnd, slice + 5), 5, again, off, ld, false);   // another sample into the same buffer
        new Im2col(g).gather(ArrayOps.DOUBLE, x, 5, again, off, ld, true);                         // padding already zero: skipped
        assertArrayEquals(col, again, "a second gather of the same layout, padding skipped, of " + g);
        double[] dx = random(rnd, slice + 5), dxByTable = dx.clone();
        new Im2col(g).scatterAdd(ArrayOps.DOUBLE, col, off, ld, dx, 5);
        for (int t = 0; t < table.length; t++) {
            int r = t / l, i = t % l;
            double want = table[t] < 0 ? 0 : x[5 + table[t]];
            assertEquals(want, col[off + r * ld + i], "im2col entry (" + r + ", " + i + ") of " + g);
            if (table[t] >= 0) dxByTable[5 + table[t]] += col[off + r * ld + i];
        }
        assertArrayEquals(dxByTable, dx, "col2im of " + g);
    }

    /**
     * The im2col mapping as a table of K·L entries, K = (cIn/groups)·kH·kW, L = outH·outW, row-major
     * like the column matrix: entry {@code [(c·kH + i)·kW + j][oh·outW + ow]} is the offset
     * {@code c·h·w + ih·w + iw} of the input element it reads, relative to the first input channel
     * of the (sample, group), where {@code ih = oh·strideH − padH + i·dilationH} and
     * {@code iw = ow·strideW − padW + j·dilationW}; or −1 when (ih, iw) lies in the padding.
     */
    static int[] im2colTable(Conv2dGeometry g) {
        int h = g.h(), w = g.w(), outH = g.outH(), outW = g.outW();
        int rows = g.cInPerGroup() * g.kH() * g.kW(), l = outH * outW;
        int[] table = new int[rows * l];
        // Column offsets of each kernel column j, shared by every row with that j.
        int[] iwOf = new int[g.kW() * outW];
        for (int j = 0; j < g.kW(); j++) {
            for (int ow = 0; ow < outW; ow++) {
                int iw = ow * g.strideW() - g.padW() + j * g.dilationW();
                iwOf[j * outW + ow] = iw >= 0 && iw < w ? iw : -1;
            }
        }
        int r = 0;
        for (int c = 0; c < g.cInPerGroup(); c++) {
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++, r++) {
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        int dst = r * l + oh * outW;
                        int rowBase = (c * h + ih) * w;
                        boolean rowValid = ih >= 0 && ih < h;
                        for (int ow = 0; ow < outW; ow++) {
                            int iw = iwOf[j * outW + ow];
                            table[dst + ow] = rowValid && iw >= 0 ? rowBase + iw : -1;
                        }
                    }
                }
            }
        }
        return table;
    }

    @Test
    void wrongArrayLengthsAreRejected() {
        Conv2dGeometry g = Conv2dGeometry.of(2, 2, 4, 4, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        float[] x = new float[g.inputSize()], w = new float[g.weightSize()], out = new float[g.outputSize()];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2dKernels.forward(g, x, w, new float[out.length + 1]));
        assertTrue(e.getMessage().contains("conv2d") && e.getMessage().contains("out"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Conv2dKernels.inputGrad(g, out, new float[3], x));
        assertThrows(IllegalArgumentException.class,
                () -> Conv2dKernels.weightGrad(g, new double[x.length - 1], new double[out.length],
                        new double[w.length]));
    }
}
