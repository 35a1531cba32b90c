package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.jgrad.tensor.cpu.conv.Conv2dGeometry;
import org.jgrad.tensor.cpu.conv.Conv2dKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device convolution's host side (GEMM operand layouts, chunking, window packing) run on the
 * {@link KernelTwins} and compared with the CPU reference {@link Conv2dKernels} in float64, for
 * strides, padding, dilation, groups, the 1×1 shortcut, operands at an offset, and column budgets
 * small enough to force one sample per chunk (and so accumulated weight gradients).
 */
class Im2colConvolutionTest {
    private static final double TOLERANCE = 1e-12;
    private static final int OFFSET = 3;

    static Stream<Arguments> geometries() {
        Conv2dGeometry[] gs = {
            //                 n, cIn, h, w, cOut, kH, kW, sH, sW, pH, pW, dH, dW, groups
            Conv2dGeometry.of(2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1),
            Conv2dGeometry.of(3, 4, 9, 8, 6, 3, 2, 2, 3, 1, 2, 1, 1, 2),
            Conv2dGeometry.of(2, 4, 10, 9, 4, 3, 3, 1, 2, 2, 0, 2, 3, 4),   // depthwise, dilated
            Conv2dGeometry.of(3, 6, 5, 5, 9, 1, 1, 1, 1, 0, 0, 1, 1, 3),    // pointwise: no columns
            Conv2dGeometry.of(2, 2, 6, 7, 3, 1, 1, 2, 2, 0, 0, 1, 1, 1),    // 1×1 but strided: columns
            Conv2dGeometry.of(5, 2, 4, 4, 2, 4, 4, 1, 1, 0, 0, 1, 1, 1),    // one output position
        };
        return Arrays.stream(gs).flatMap(g -> Stream.of(Arguments.of(g, Im2colConvolution.COLUMN_BUDGET), Arguments.of(g, 1L)));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardMatchesTheCpu(Conv2dGeometry g, long budget) {
        Random random = new Random(1);
        double[] x = random(random, g.inputSize()), w = random(random, g.weightSize());
        double[] expected = new double[g.outputSize()];
        Conv2dKernels.forward(g, x, w, expected);
        double[] out = poisoned(g.outputSize());
        new Im2colConvolution<>(g, new KernelTwins(), budget).forward(shifted(x), OFFSET, shifted(w), OFFSET, out, OFFSET);
        assertClose(expected, out, "forward " + g);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void inputGradMatchesTheCpu(Conv2dGeometry g, long budget) {
        Random random = new Random(2);
        double[] gradOut = random(random, g.outputSize()), w = random(random, g.weightSize());
        double[] expected = new double[g.inputSize()];
        Conv2dKernels.inputGrad(g, gradOut, w, expected);
        double[] gradX = poisoned(g.inputSize());
        new Im2colConvolution<>(g, new KernelTwins(), budget).inputGrad(shifted(gradOut), OFFSET, shifted(w), OFFSET, gradX, OFFSET);
        assertClose(expected, gradX, "input grad " + g);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void weightGradMatchesTheCpu(Conv2dGeometry g, long budget) {
        Random random = new Random(3);
        double[] x = random(random, g.inputSize()), gradOut = random(random, g.outputSize());
        double[] expected = new double[g.weightSize()];
        Conv2dKernels.weightGrad(g, x, gradOut, expected);
        double[] gradW = poisoned(g.weightSize());
        new Im2colConvolution<>(g, new KernelTwins(), budget).weightGrad(shifted(x), OFFSET, shifted(gradOut), OFFSET, gradW, OFFSET);
        assertClose(expected, gradW, "weight grad " + g);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void chunksHoldAtLeastOneSampleAndStayWithinTheBudget(Conv2dGeometry g, long budget) {
        int chunk = Im2colConvolution.samplesPerChunk(g, budget);
        assertTrue(chunk >= 1 && chunk <= g.n(), "chunk " + chunk);
        assertTrue(chunk == 1 || chunk * Im2colConvolution.columnsPerSample(g) <= budget, "chunk " + chunk + " exceeds " + budget);
        if (budget == 1L) assertEquals(1, chunk);
        if (budget == Im2colConvolution.COLUMN_BUDGET) assertEquals(g.n(), chunk, "small geometries fit in one chunk");
    }

    private static double[] random(Random random, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = random.nextGaussian();
        return a;
    }

    /** The values placed at {@link #OFFSET} in a longer array whose other entries are NaN. */
    private static double[] shifted(double[] a) {
        double[] s = poisoned(a.length + 2 * OFFSET);
        System.arraycopy(a, 0, s, OFFSET, a.length);
        return s;
    }

    private static double[] poisoned(int n) {
        double[] a = new double[n + 2 * OFFSET];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    private static void assertClose(double[] expected, double[] shiftedActual, String what) {
        for (int i = 0; i < expected.length; i++) {
            double actual = shiftedActual[OFFSET + i];
            assertTrue(Math.abs(actual - expected[i]) <= TOLERANCE * (1 + Math.abs(expected[i])),
                    what + ": element " + i + " is " + actual + ", the CPU gives " + expected[i]);
        }
        for (int i = 0; i < OFFSET; i++) assertTrue(Double.isNaN(shiftedActual[i]), what + ": wrote before its offset");
        for (int i = OFFSET + expected.length; i < shiftedActual.length; i++) assertTrue(Double.isNaN(shiftedActual[i]), what + ": wrote past its end");
    }
}
