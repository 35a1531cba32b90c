package org.jgrad.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both float32 fast paths, the plain Java one and the Vector API one, against the double
 * definitions of the ops, on lengths around the vector width (tails) and at odd offsets.
 */
class FloatKernelsTest {
    private static final int[] LENGTHS = {0, 1, 7, 15, 16, 17, 33, 100, 1023, 1024, 1025, 5000};

    static Stream<FloatKernels> implementations() {
        List<FloatKernels> list = new ArrayList<>();
        list.add(new PlainFloatKernels());
        list.add(new VectorFloatKernels());
        return list.stream();
    }

    @Test
    void theVectorApiPathIsTheOneInUseWhenTheModuleIsPresent() {
        assertTrue(FloatKernels.INSTANCE instanceof VectorFloatKernels, FloatKernels.INSTANCE.describe());
    }

    private static float[] random(Random r, int n, boolean withSpecials) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 3);
        if (withSpecials && n > 5) {
            v[1] = Float.NaN;
            v[2] = 0f;
            v[3] = -0f;
            v[4] = Float.NEGATIVE_INFINITY;
        }
        return v;
    }

    private static void assertClose(double expected, float actual, String context) {
        if (Double.isNaN(expected)) {
            assertTrue(Float.isNaN(actual), context + ": expected NaN, got " + actual);
            return;
        }
        double tolerance = 2e-6 * Math.abs(expected) + 1e-30;
        assertTrue(expected == actual || Math.abs(expected - actual) <= tolerance, context + ": expected " + expected + ", got " + actual);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void binaryOpsMatchTheirDefinition(FloatKernels kernels) {
        Random r = new Random(1);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM, BinaryOp.MINIMUM}) {
            for (int n : LENGTHS) {
                for (boolean scalar : new boolean[] {false, true}) {
                    float[] a = random(r, n + 3, true), b = random(r, n + 5, false), out = new float[n + 2];
                    assertTrue(kernels.binary(op, a, 3, b, 5, scalar, out, 2, n));
                    for (int i = 0; i < n; i++) {
                        double expected = (float) op.apply(a[3 + i], b[5 + (scalar ? 0 : i)]);
                        assertClose(expected, out[2 + i], kernels.describe() + " " + op + " n=" + n + " i=" + i + " scalar=" + scalar);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void unaryOpsMatchTheirDefinition(FloatKernels kernels) {
        Random r = new Random(2);
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : LENGTHS) {
                float[] x = random(r, n + 1, true), out = new float[n];
                if (!kernels.unary(op, x, 1, out, 0, n)) continue; // no fast path: the generic loop covers it
                for (int i = 0; i < n; i++)
                    assertClose((float) op.apply(x[1 + i]), out[i], kernels.describe() + " " + op + " n=" + n + " x=" + x[1 + i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void sumMatchesADoubleSum(FloatKernels kernels) {
        Random r = new Random(3);
        for (int n : new int[] {0, 1, 17, 1024, 1025, 100_000}) {
            float[] x = random(r, n + 7, false);
            double expected = 0, magnitude = 0;
            for (int i = 0; i < n; i++) {
                expected += x[7 + i];
                magnitude += Math.abs(x[7 + i]);
            }
            assertEquals(expected, kernels.sum(x, 7, n), 1e-6 * magnitude + 1e-9, kernels.describe() + " n=" + n);
        }
    }

    /**
     * The vector sum is a fixed function of the input: per block, lane j sums elements j, j+L, ...
     * in order, the lanes are added in index order, then the tail (reduceLanes(ADD) would leave the
     * lane order unspecified). Checked bitwise, many times, so the interpreted and the compiled loop
     * both meet the model.
     */
    @Test
    void theVectorSumIsTheSameFixedOrderEveryTimeItRuns() {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        float[] x = random(new Random(7), 5000, false);
        double expected = 0;
        for (int start = 0; start < x.length; start += PlainFloatKernels.SUM_BLOCK) {
            int len = Math.min(PlainFloatKernels.SUM_BLOCK, x.length - start), bound = len - len % lanes;
            float[] acc = new float[lanes];
            for (int i = 0; i < bound; i++) acc[i % lanes] += x[start + i];
            float block = 0;
            for (float lane : acc) block += lane;
            for (int i = bound; i < len; i++) block += x[start + i];
            expected += block;
        }
        VectorFloatKernels kernels = new VectorFloatKernels();
        for (int run = 0; run < 20_000; run++)
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(kernels.sum(x, 0, x.length)), "run " + run);
    }
}
