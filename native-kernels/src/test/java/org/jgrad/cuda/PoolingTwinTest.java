package org.jgrad.cuda;

import static org.jgrad.cuda.KernelTwins.inputRead;
import static org.jgrad.cuda.KernelTwins.outputReading;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.jgrad.cuda.KernelTwins.Window;
import org.jgrad.tensor.cpu.conv.Pool2dGeometry;
import org.jgrad.tensor.cpu.conv.Pool2dKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plain-Java twins of {@code pool.cu}'s float64 kernels (the same loops, one iteration per kernel
 * thread) give exactly the CPU reference's bits: the max's ties, NaNs and indices, the averages'
 * divisors, and the backward gathers' order of summation (ascending output position, from taps
 * visited last to first). This checks the index arithmetic the kernels use, not the CUDA code.
 */
class PoolingTwinTest {
    static Stream<Pool2dGeometry> geometries() {
        return Stream.of(
                //              n, c, h, w, kH, kW, sH, sW, pH, pW, dH, dW
                Pool2dGeometry.of(2, 3, 8, 7, 2, 2, 2, 2, 0, 0, 1, 1),
                Pool2dGeometry.of(1, 2, 9, 10, 3, 3, 1, 2, 1, 1, 1, 1),
                Pool2dGeometry.of(2, 2, 7, 7, 3, 2, 2, 1, 1, 1, 1, 1),
                Pool2dGeometry.of(1, 2, 6, 5, 5, 4, 1, 1, 2, 2, 1, 1),
                // ceil mode: partial last windows, past the right padding
                Pool2dGeometry.of(2, 2, 6, 7, 3, 3, 2, 2, 1, 1, 1, 1, true),
                Pool2dGeometry.of(1, 2, 5, 5, 2, 2, 2, 2, 0, 0, 1, 1, true),
                Pool2dGeometry.of(1, 1, 1, 6, 1, 3, 1, 2, 0, 1, 1, 1, true));
    }

    static Stream<Pool2dGeometry> dilated() {
        return Stream.of(Pool2dGeometry.of(1, 2, 9, 8, 3, 2, 2, 1, 1, 1, 2, 3), Pool2dGeometry.of(2, 1, 5, 5, 2, 2, 1, 1, 1, 1, 4, 4),
                Pool2dGeometry.of(1, 1, 2, 4, 2, 2, 1, 1, 1, 1, 3, 1)); // a window entirely in the padding
    }

    @ParameterizedTest
    @MethodSource({"geometries", "dilated"})
    void maxPoolingAndItsGradientAreTheCpusBits(Pool2dGeometry g) {
        double[] x = values(g.inputSize(), 1);
        double[] out = new double[g.outputSize()], expected = new double[g.outputSize()];
        long[] indices = new long[g.outputSize()], expectedIndices = new long[g.outputSize()];
        Pool2dKernels.maxForward(g, x, expected, expectedIndices);
        Window w = new Window(SlidingWindow.of(g));
        maxForward(x, out, indices, w, g.n() * g.c());
        assertArrayEquals(expectedIndices, indices);
        assertArrayEquals(expected, out);

        double[] gradOut = values(g.outputSize(), 2), gradX = new double[g.inputSize()], expectedGradX = new double[g.inputSize()];
        Pool2dKernels.maxBackward(g, gradOut, expectedIndices, expectedGradX);
        maxBackward(gradOut, indices, gradX, w, g.n() * g.c());
        assertArrayEquals(expectedGradX, gradX);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void averagePoolingAndItsGradientAreTheCpusBits(Pool2dGeometry g) {
        Window w = new Window(SlidingWindow.of(g));
        for (boolean includePad : new boolean[] {true, false}) {
            double[] x = values(g.inputSize(), 3), out = new double[g.outputSize()], expected = new double[g.outputSize()];
            Pool2dKernels.avgForward(g, includePad, x, expected);
            avgForward(x, out, w, includePad, g.n() * g.c());
            assertArrayEquals(expected, out);

            double[] gradOut = values(g.outputSize(), 4), gradX = new double[g.inputSize()], expectedGradX = new double[g.inputSize()];
            Pool2dKernels.avgBackward(g, includePad, gradOut, expectedGradX);
            avgBackward(gradOut, gradX, w, includePad, g.n() * g.c());
            assertArrayEquals(expectedGradX, gradX);
        }
    }

    /** Random values with ties, −∞ and NaNs mixed in, so that every rule of the max is exercised. */
    private static double[] values(int n, long seed) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(20);
            v[i] = kind == 0 ? Double.NaN : kind == 1 ? Double.NEGATIVE_INFINITY : kind < 6 ? 0.5 : random.nextGaussian();
        }
        return v;
    }

    // ---- twins of pool.cu -------------------------------------------------------------------

    private interface Visit {
        void at(int a, int b);
    }

    private static void forEachTap(int oh, int ow, Window w, Visit visit) {
        for (int i = 0; i < w.kH(); i++) {
            int ih = inputRead(oh, i, w.strideH(), w.padH(), w.dilationH(), w.h());
            if (ih < 0) continue;
            for (int j = 0; j < w.kW(); j++) {
                int iw = inputRead(ow, j, w.strideW(), w.padW(), w.dilationW(), w.w());
                if (iw >= 0) visit.at(ih, iw);
            }
        }
    }

    private static void forEachWindowHolding(int ih, int iw, Window w, Visit visit) {
        for (int i = w.kH() - 1; i >= 0; i--) {
            int oh = outputReading(ih, i, w.strideH(), w.padH(), w.dilationH(), w.outH());
            if (oh < 0) continue;
            for (int j = w.kW() - 1; j >= 0; j--) {
                int ow = outputReading(iw, j, w.strideW(), w.padW(), w.dilationW(), w.outW());
                if (ow >= 0) visit.at(oh, ow);
            }
        }
    }

    private static int tapsInside(int o, int taps, int stride, int pad, int dilation, int inSize) {
        int count = 0;
        for (int t = 0; t < taps; t++) if (inputRead(o, t, stride, pad, dilation, inSize) >= 0) count++;
        return count;
    }

    /** pool.cu's tapsInsidePadding: the taps of output o inside [−pad, inSize + pad). */
    private static int tapsInsidePadding(int o, int taps, int stride, int pad, int inSize) {
        int start = o * stride - pad, end = start + taps;
        return (end < inSize + pad ? end : inSize + pad) - start;
    }

    private static int divisor(int oh, int ow, Window w, boolean includePad) {
        if (includePad) return tapsInsidePadding(oh, w.kH(), w.strideH(), w.padH(), w.h()) * tapsInsidePadding(ow, w.kW(), w.strideW(), w.padW(), w.w());
        return tapsInside(oh, w.kH(), w.strideH(), w.padH(), w.dilationH(), w.h()) * tapsInside(ow, w.kW(), w.strideW(), w.padW(), w.dilationW(), w.w());
    }

    private static void maxForward(double[] x, double[] out, long[] indices, Window w, int planes) {
        int outPlane = w.outH() * w.outW();
        for (int e = 0; e < planes * outPlane; e++) {
            int plane = e / outPlane * (w.h() * w.w());
            double[] best = {Double.NEGATIVE_INFINITY};
            int[] bestAt = {-1};
            forEachTap(e / w.outW() % w.outH(), e % w.outW(), w, (ih, iw) -> {
                int at = ih * w.w() + iw;
                double v = x[plane + at];
                if (bestAt[0] < 0) bestAt[0] = at;
                if (v > best[0] || v != v) { best[0] = v; bestAt[0] = at; }
            });
            out[e] = best[0];
            indices[e] = bestAt[0];
        }
    }

    private static void maxBackward(double[] gradOut, long[] indices, double[] gradX, Window w, int planes) {
        int inPlane = w.h() * w.w(), outPlane = w.outH() * w.outW();
        for (int e = 0; e < planes * inPlane; e++) {
            int first = e / inPlane * outPlane, self = e % inPlane;
            double[] sum = {0};
            forEachWindowHolding(e / w.w() % w.h(), e % w.w(), w, (oh, ow) -> {
                int o = first + oh * w.outW() + ow;
                if (indices[o] == self) sum[0] += gradOut[o];
            });
            gradX[e] = sum[0];
        }
    }

    private static void avgForward(double[] x, double[] out, Window w, boolean includePad, int planes) {
        int outPlane = w.outH() * w.outW();
        for (int e = 0; e < planes * outPlane; e++) {
            int ow = e % w.outW(), oh = e / w.outW() % w.outH(), plane = e / outPlane * (w.h() * w.w());
            double[] sum = {0};
            forEachTap(oh, ow, w, (ih, iw) -> sum[0] += x[plane + ih * w.w() + iw]);
            out[e] = sum[0] / divisor(oh, ow, w, includePad);
        }
    }

    private static void avgBackward(double[] gradOut, double[] gradX, Window w, boolean includePad, int planes) {
        int inPlane = w.h() * w.w(), outPlane = w.outH() * w.outW();
        for (int e = 0; e < planes * inPlane; e++) {
            int first = e / inPlane * outPlane;
            double[] sum = {0};
            forEachWindowHolding(e / w.w() % w.h(), e % w.w(), w, (oh, ow) -> sum[0] += gradOut[first + oh * w.outW() + ow] / divisor(oh, ow, w, includePad));
            gradX[e] = sum[0];
        }
    }
}
