package org.jgrad.tensor.cpu.conv;

import static org.jgrad.tensor.cpu.conv.Conv2dKernelsTest.assertClose;
import static org.jgrad.tensor.cpu.conv.Conv2dKernelsTest.dot;
import static org.jgrad.tensor.cpu.conv.Conv2dKernelsTest.filledNaN;
import static org.jgrad.tensor.cpu.conv.Conv2dKernelsTest.filledNaNf;
import static org.jgrad.tensor.cpu.conv.Conv2dKernelsTest.random;
import static org.jgrad.tensor.cpu.conv.Conv2dKernelsTest.randomFloatExact;
import static org.jgrad.tensor.cpu.conv.Conv2dKernelsTest.toFloat;
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
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Pool2dKernelsTest {

    /** n, c, h, w, kH, kW, strideH, strideW, padH, padW, dilationH, dilationW. */
    private static final int[][] FIXED = {
            {1, 1, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1},     // classic 2x2/2
            {2, 3, 7, 6, 3, 3, 2, 2, 1, 1, 1, 1},     // 3x3/2 pad 1, non-square
            {1, 2, 9, 8, 3, 3, 1, 1, 1, 1, 1, 1},     // overlapping windows
            {2, 2, 8, 9, 2, 3, 1, 2, 1, 1, 1, 1},     // 2x3 kernel
            {1, 1, 11, 10, 5, 5, 3, 3, 2, 2, 1, 1},   // 5x5/3 pad 2
            {1, 1, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1},
            {1, 2, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1},     // scalar image
            {3, 1, 5, 7, 4, 4, 4, 3, 2, 2, 1, 1},     // even kernel, padding k/2
            {2, 2, 48, 40, 3, 3, 1, 1, 1, 1, 1, 1},   // big enough to split the planes over threads
    };
    /** Dilated geometries: max pooling only. */
    private static final int[][] DILATED = {
            {2, 2, 9, 8, 3, 3, 1, 2, 1, 1, 2, 2},
            {1, 3, 7, 9, 2, 3, 2, 1, 1, 1, 2, 1},
            {1, 1, 6, 6, 3, 2, 3, 3, 0, 1, 1, 2},
    };

    static Stream<Pool2dGeometry> undilated() {
        List<Pool2dGeometry> all = new ArrayList<>();
        for (int[] a : FIXED) all.add(of(a));
        Random rnd = new Random(99);
        while (all.size() < FIXED.length + 20) {
            int kH = 1 + rnd.nextInt(4), kW = 1 + rnd.nextInt(4);
            int[] a = {1 + rnd.nextInt(2), 1 + rnd.nextInt(3), 1 + rnd.nextInt(9), 1 + rnd.nextInt(9), kH, kW,
                    1 + rnd.nextInt(3), 1 + rnd.nextInt(3), rnd.nextInt(kH / 2 + 1), rnd.nextInt(kW / 2 + 1), 1, 1};
            boolean ceil = all.size() % 2 == 0;   // half of the random geometries in ceil mode
            try {
                all.add(Pool2dGeometry.of(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], ceil));
            } catch (IllegalArgumentException e) {
                // output too small: draw again
            }
        }
        return all.stream();
    }

    static Stream<Pool2dGeometry> all() {
        List<Pool2dGeometry> more = new ArrayList<>();
        for (int[] a : DILATED) more.add(of(a));
        return Stream.concat(undilated(), more.stream());
    }

    private static Pool2dGeometry of(int[] a) {
        return Pool2dGeometry.of(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
    }

    // ------------------------------------------------------------------ direct references

    /** Max over the in-image window taps; ties keep the first, NaN wins (the last NaN), like PyTorch. */
    static void refMax(Pool2dGeometry g, double[] x, double[] out, long[] idx) {
        int oH = g.outH(), oW = g.outW();
        for (int p = 0; p < g.n() * g.c(); p++)
            for (int oh = 0; oh < oH; oh++)
                for (int ow = 0; ow < oW; ow++) {
                    double best = Double.NEGATIVE_INFINITY;
                    long bestAt = -1;
                    for (int i = 0; i < g.kH(); i++)
                        for (int j = 0; j < g.kW(); j++) {
                            int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                            int iw = ow * g.strideW() - g.padW() + j * g.dilationW();
                            if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) continue;
                            double v = x[(p * g.h() + ih) * g.w() + iw];
                            if (bestAt < 0 || Double.isNaN(v) || v > best) {
                                best = v;
                                bestAt = (long) ih * g.w() + iw;
                            }
                        }
                    out[(p * oH + oh) * oW + ow] = best;
                    idx[(p * oH + oh) * oW + ow] = bestAt;
                }
    }

    static double[] refAvg(Pool2dGeometry g, boolean includePad, double[] x) {
        int oH = g.outH(), oW = g.outW();
        double[] out = new double[g.outputSize()];
        for (int p = 0; p < g.n() * g.c(); p++)
            for (int oh = 0; oh < oH; oh++)
                for (int ow = 0; ow < oW; ow++) {
                    double s = 0;
                    int inImage = 0, inPadded = 0;
                    for (int i = 0; i < g.kH(); i++)
                        for (int j = 0; j < g.kW(); j++) {
                            int ih = oh * g.strideH() - g.padH() + i;
                            int iw = ow * g.strideW() - g.padW() + j;
                            if (ih < g.h() + g.padH() && iw < g.w() + g.padW()) inPadded++;
                            if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) continue;
                            s += x[(p * g.h() + ih) * g.w() + iw];
                            inImage++;
                        }
                    out[(p * oH + oh) * oW + ow] = s / (includePad ? inPadded : inImage);
                }
        return out;
    }

    private static Random rnd(Pool2dGeometry g) {
        return new Random(g.hashCode());
    }

    // ------------------------------------------------------------------ max pooling

    @ParameterizedTest
    @MethodSource("all")
    void maxMatchesReferenceInBothPrecisions(Pool2dGeometry g) {
        double[] x = randomFloatExact(rnd(g), g.inputSize());
        double[] ref = new double[g.outputSize()];
        long[] refIdx = new long[g.outputSize()];
        refMax(g, x, ref, refIdx);

        double[] out = filledNaN(g.outputSize());
        long[] idx = new long[g.outputSize()];
        Arrays.fill(idx, -7);
        Pool2dKernels.maxForward(g, x, out, idx);
        assertArrayEquals(ref, out, 0.0, "max " + g);
        assertArrayEquals(refIdx, idx, "argmax " + g);

        float[] outF = filledNaNf(g.outputSize());
        long[] idxF = new long[g.outputSize()];
        Pool2dKernels.maxForward(g, toFloat(x), outF, idxF);
        assertClose(ref, outF, 0.0, "float32 max " + g);
        assertArrayEquals(refIdx, idxF, "float32 argmax " + g);
    }

    @ParameterizedTest
    @MethodSource("all")
    void maxBackwardScattersThroughIndicesAndIsTheAdjoint(Pool2dGeometry g) {
        Random rnd = rnd(g);
        double[] x = random(rnd, g.inputSize()), gOut = random(rnd, g.outputSize());
        double[] out = new double[g.outputSize()];
        long[] idx = new long[g.outputSize()];
        Pool2dKernels.maxForward(g, x, out, idx);

        double[] expected = new double[g.inputSize()];
        int inPlane = g.h() * g.w(), outPlane = g.outH() * g.outW();
        for (int o = 0; o < g.outputSize(); o++) expected[(o / outPlane) * inPlane + (int) idx[o]] += gOut[o];

        double[] gx = filledNaN(g.inputSize());
        Pool2dKernels.maxBackward(g, gOut, idx, gx);
        assertClose(expected, gx, 1e-15, "maxBackward " + g);
        assertEquals(dot(out, gOut), dot(x, gx), 1e-12 * (1 + dot(Conv2dKernelsTest.abs(out),
                Conv2dKernelsTest.abs(gOut))), "<max(x), G> = <x, maxBackward(G)>");

        float[] gxF = filledNaNf(g.inputSize());
        Pool2dKernels.maxBackward(g, toFloat(gOut), idx, gxF);
        assertClose(expected, gxF, 1e-4, "float32 maxBackward " + g);

        // Central differences on a few elements (random input: no ties, so max is locally linear).
        for (int t = 0; t < 3; t++) {
            int i = rnd.nextInt(x.length);
            double fd = centralDifference(x, i, 1e-7, v -> {
                double[] o = new double[g.outputSize()];
                Pool2dKernels.maxForward(g, v, o, new long[g.outputSize()]);
                return dot(o, gOut);
            });
            assertEquals(gx[i], fd, 1e-6, "max dL/dx[" + i + "] " + g);
        }
    }

    @Test
    void maxTiesGoToTheFirstElementInScanOrder() {
        Pool2dGeometry g = Pool2dGeometry.of(1, 1, 3, 4, 2, 2, 1, 2, 0, 0, 1, 1);
        double[] x = {
                1, 5, 5, 2,
                5, 5, 0, 2,
                0, 3, 3, 3};
        double[] out = new double[g.outputSize()];
        long[] idx = new long[g.outputSize()];
        Pool2dKernels.maxForward(g, x, out, idx);
        assertArrayEquals(new double[] {5, 5, 5, 3}, out);
        assertArrayEquals(new long[] {1, 2, 4, 10}, idx);

        float[] outF = new float[g.outputSize()];
        long[] idxF = new long[g.outputSize()];
        Pool2dKernels.maxForward(g, toFloat(x), outF, idxF);
        assertArrayEquals(new long[] {1, 2, 4, 10}, idxF);

        // A constant image: every window picks its first in-image element, padding included.
        Pool2dGeometry p = Pool2dGeometry.of(1, 1, 4, 4, 3, 3, 2, 2, 1, 1, 1, 1);
        double[] ones = new double[16];
        Arrays.fill(ones, 1);
        long[] pi = new long[p.outputSize()];
        Pool2dKernels.maxForward(p, ones, new double[p.outputSize()], pi);
        assertArrayEquals(new long[] {0, 1, 4, 5}, pi);
    }

    @Test
    void maxPropagatesNaNAndHandlesInfinities() {
        Pool2dGeometry g = Pool2dGeometry.of(1, 1, 2, 6, 2, 2, 2, 2, 0, 0, 1, 1);
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY, ninf = Double.NEGATIVE_INFINITY;
        double[] x = {
                1, nan, nan, 9, ninf, ninf,
                7, 3, 2, nan, ninf, ninf};
        double[] out = new double[3];
        long[] idx = new long[3];
        Pool2dKernels.maxForward(g, x, out, idx);
        assertTrue(Double.isNaN(out[0]) && Double.isNaN(out[1]));
        assertEquals(1, idx[0]);                       // the NaN, although 7 > 1 comes later
        assertEquals(9, idx[1]);                       // of two NaNs, the last (PyTorch's rule)
        assertEquals(ninf, out[2]);
        assertEquals(4, idx[2]);                       // all -inf: the first element

        float[] outF = new float[3];
        long[] idxF = new long[3];
        Pool2dKernels.maxForward(g, toFloat(x), outF, idxF);
        assertTrue(Float.isNaN(outF[0]) && Float.isNaN(outF[1]));
        assertArrayEquals(idx, idxF);

        double[] y = {1, inf, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        Pool2dKernels.maxForward(g, y, out, idx);
        assertEquals(inf, out[0]);
        assertEquals(1, idx[0]);
    }

    @Test
    void windowEntirelyInPaddingGivesMinusInfinityAndIsIgnoredByBackward() {
        // 1x1 image, 2x2 kernel with dilation 2 and padding 1: taps at (-1|1, -1|1), all outside.
        Pool2dGeometry g = Pool2dGeometry.of(1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 2, 2);
        assertEquals(1, g.outputSize());
        double[] out = new double[1];
        long[] idx = new long[1];
        Pool2dKernels.maxForward(g, new double[] {3}, out, idx);
        assertEquals(Double.NEGATIVE_INFINITY, out[0]);
        assertEquals(-1, idx[0]);
        double[] gx = {Double.NaN};
        Pool2dKernels.maxBackward(g, new double[] {1}, idx, gx);
        assertEquals(0.0, gx[0]);
    }

    @Test
    void maxBackwardAccumulatesRepeatedIndicesAndRejectsBadOnes() {
        Pool2dGeometry g = Pool2dGeometry.of(1, 1, 3, 3, 2, 2, 1, 1, 0, 0, 1, 1);
        float[] gx = new float[9];
        Pool2dKernels.maxBackward(g, new float[] {1, 2, 3, 4}, new long[] {4, 4, 4, 8}, gx);
        assertArrayEquals(new float[] {0, 0, 0, 0, 6, 0, 0, 0, 4}, gx);
        assertThrows(IllegalArgumentException.class,
                () -> Pool2dKernels.maxBackward(g, new float[4], new long[] {0, 9, 0, 0}, new float[9]));
    }

    // ------------------------------------------------------------------ average pooling

    @ParameterizedTest
    @MethodSource("undilated")
    void avgMatchesReferenceAndItsBackwardIsTheAdjoint(Pool2dGeometry g) {
        for (boolean includePad : new boolean[] {true, false}) {
            Random rnd = rnd(g);
            double[] x = randomFloatExact(rnd, g.inputSize()), gOut = randomFloatExact(rnd, g.outputSize());
            String what = g + " countIncludePad=" + includePad;

            double[] out = filledNaN(g.outputSize());
            Pool2dKernels.avgForward(g, includePad, x, out);
            assertClose(refAvg(g, includePad, x), out, 1e-14, "avg " + what);

            double[] gx = filledNaN(g.inputSize());
            Pool2dKernels.avgBackward(g, includePad, gOut, gx);
            double scale = dot(refAvg(g, includePad, Conv2dKernelsTest.abs(x)), Conv2dKernelsTest.abs(gOut));
            assertEquals(dot(out, gOut), dot(x, gx), 1e-10 * scale, "<avg(x), G> = <x, avgBackward(G)> " + what);

            for (int t = 0; t < 2; t++) {
                int i = rnd.nextInt(x.length);
                double fd = centralDifference(x, i, 1e-3, v -> {
                    double[] o = new double[g.outputSize()];
                    Pool2dKernels.avgForward(g, includePad, v, o);
                    return dot(o, gOut);
                });
                assertEquals(gx[i], fd, 1e-9, "avg dL/dx[" + i + "] " + what);
            }

            float[] outF = filledNaNf(g.outputSize()), gxF = filledNaNf(g.inputSize());
            Pool2dKernels.avgForward(g, includePad, toFloat(x), outF);
            Pool2dKernels.avgBackward(g, includePad, toFloat(gOut), gxF);
            assertClose(out, outF, 1e-4, "float32 avg " + what);
            assertClose(gx, gxF, 1e-4, "float32 avgBackward " + what);
        }
    }

    @Test
    void avgDivisorCountsPaddingOnlyWhenAsked() {
        Pool2dGeometry g = Pool2dGeometry.of(1, 1, 2, 2, 3, 3, 1, 1, 1, 1, 1, 1);
        double[] x = {1, 2, 3, 4};
        double[] out = new double[4];
        Pool2dKernels.avgForward(g, true, x, out);
        assertArrayEquals(new double[] {10 / 9.0, 10 / 9.0, 10 / 9.0, 10 / 9.0}, out, 1e-15);
        Pool2dKernels.avgForward(g, false, x, out);
        assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5}, out, 1e-15);
        double[] gx = new double[4];
        Pool2dKernels.avgBackward(g, false, new double[] {4, 0, 0, 0}, gx);
        assertArrayEquals(new double[] {1, 1, 1, 1}, gx, 1e-15);
    }

    @Test
    void avgRejectsDilation() {
        Pool2dGeometry g = Pool2dGeometry.of(1, 1, 5, 5, 2, 2, 1, 1, 0, 0, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pool2dKernels.avgForward(g, true, new float[25], new float[g.outputSize()]));
        assertTrue(e.getMessage().contains("dilation"), e.getMessage());
    }

    // ------------------------------------------------------------------ geometry

    @Test
    void geometryFollowsPyTorchRules() {
        Pool2dGeometry g = Pool2dGeometry.of(2, 3, 7, 8, 3, 2, 2, 3, 1, 1, 1, 1);
        assertEquals((7 + 2 - 2 - 1) / 2 + 1, g.outH());
        assertEquals((8 + 2 - 1 - 1) / 3 + 1, g.outW());
        assertEquals(2 * 3 * g.outH() * g.outW(), g.outputSize());
        rejects(() -> Pool2dGeometry.of(1, 1, 5, 5, 3, 3, 1, 1, 2, 1, 1, 1), "padH=2", "kH=3");
        rejects(() -> Pool2dGeometry.of(1, 1, 5, 5, 2, 2, 1, 1, 1, 2, 1, 1), "padW=2");
        rejects(() -> Pool2dGeometry.of(1, 1, 5, 5, 3, 3, 0, 1, 0, 0, 1, 1), "strideH=0");
        rejects(() -> Pool2dGeometry.of(1, 1, 5, 5, 3, 3, 1, 1, 0, -1, 1, 1), "padW=-1");
        rejects(() -> Pool2dGeometry.of(1, 1, 5, 5, 3, 3, 1, 1, 0, 0, 1, 0), "dilationW=0");
        rejects(() -> Pool2dGeometry.of(1, 1, 2, 5, 3, 3, 1, 1, 0, 0, 1, 1), "output size");
        rejects(() -> Pool2dGeometry.of(1, 0, 5, 5, 3, 3, 1, 1, 0, 0, 1, 1), "c=0");
        rejects(() -> Pool2dKernels.maxForward(g, new double[3], new double[g.outputSize()],
                new long[g.outputSize()]), "input 3");
    }

    /** PyTorch's output sizes, worked out by hand from its pooling_output_shape. */
    @Test
    void ceilModeOutputSizesArePyTorchs() {
        // in, k, s, p, floor, ceil
        int[][] cases = {
                {5, 2, 2, 0, 2, 3},   // a last, partial window
                {6, 3, 3, 1, 2, 3},
                {6, 3, 2, 1, 3, 4},
                {4, 2, 2, 1, 3, 3},   // nothing left over: the same
                {5, 2, 4, 1, 2, 2},   // ceil gives 3, but its window would start at 8 ≥ 5 + 1, in the right padding
                {2, 3, 3, 0, 0, 1},   // kernel wider than the input: one window in ceil mode, none in floor mode
        };
        for (int[] c : cases) {
            String what = "in=" + c[0] + " k=" + c[1] + " s=" + c[2] + " p=" + c[3];
            assertEquals(c[4], org.jgrad.tensor.Pool2dParams.outputSize(c[0], c[1], c[2], c[3], 1, false), "floor " + what);
            assertEquals(c[5], org.jgrad.tensor.Pool2dParams.outputSize(c[0], c[1], c[2], c[3], 1, true), "ceil " + what);
            if (c[5] > 0) assertEquals(c[5], Pool2dGeometry.of(1, 1, 1, c[0], 1, c[1], 1, c[2], 0, c[3], 1, 1, true).outW(), what);
        }
        rejects(() -> Pool2dGeometry.of(1, 1, 1, 2, 1, 3, 1, 3, 0, 0, 1, 1, false), "output size", "kernel 1x3");
    }

    /** avg_pool1d([1..6], kernel 3, stride 2, padding 1, ceil_mode=True): the last window holds x[5], one padded tap and one beyond. */
    @Test
    void ceilModeAverageDividesByTheTapsInsideThePaddedInput() {
        Pool2dGeometry g = Pool2dGeometry.of(1, 1, 1, 6, 1, 3, 1, 2, 0, 1, 1, 1, true);
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] out = new double[g.outputSize()];
        Pool2dKernels.avgForward(g, true, x, out);
        assertArrayEquals(new double[] {3 / 3.0, 9 / 3.0, 15 / 3.0, 6 / 2.0}, out, 1e-15);
        Pool2dKernels.avgForward(g, false, x, out);
        assertArrayEquals(new double[] {3 / 2.0, 9 / 3.0, 15 / 3.0, 6 / 1.0}, out, 1e-15);
        double[] gx = new double[6];
        Pool2dKernels.avgBackward(g, true, new double[] {0, 0, 0, 2}, gx);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1}, gx, 1e-15);
        long[] idx = new long[4];
        Pool2dKernels.maxForward(g, new double[] {6, 5, 4, 3, 2, 1}, out, idx);
        assertArrayEquals(new double[] {6, 5, 3, 1}, out, 0);
        assertArrayEquals(new long[] {0, 1, 3, 5}, idx);
    }

    private static void rejects(Executable e, String... fragments) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains("pool2d"), ex.getMessage());
        for (String f : fragments) assertTrue(ex.getMessage().contains(f), ex.getMessage() + " lacks " + f);
    }

    private interface Loss {
        double of(double[] x);
    }

    private static double centralDifference(double[] x, int i, double h, Loss loss) {
        double saved = x[i];
        x[i] = saved + h;
        double plus = loss.of(x);
        x[i] = saved - h;
        double minus = loss.of(x);
        x[i] = saved;
        return (plus - minus) / (2 * h);
    }
}
