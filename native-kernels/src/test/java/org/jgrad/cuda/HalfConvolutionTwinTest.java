package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import org.jgrad.cuda.Im2colConvolution.Pass;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.OpAssert;
import org.jgrad.tensor.cpu.conv.Conv2dGeometry;
import org.jgrad.tensor.cpu.conv.Conv2dKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The half-type convolution plan of {@link CudaConvolution}: {@link Im2colConvolution} on twins of
 * the kernels as they run in a half type ({@link HalfTwins}: im2col copies, every GEMM store rounded
 * to the half type). Where {@link Im2colConvolution#storesEachResultOnce} says a pass may run in the
 * half type, the result must be the CPU backend's: the exact convolution of the half inputs rounded
 * once. Where it says no, the twins show the extra roundings that rule avoids. The im2col index
 * maths is {@link KernelTwins}' (checked in {@link Im2colConvolutionTest}): the half instantiation
 * in {@code conv.cu} is the same template body on 16-bit patterns.
 */
class HalfConvolutionTwinTest {
    private static final DType[] HALVES = {DType.FLOAT16, DType.BFLOAT16};

    /** KernelTwins whose GEMM stores round to {@code dtype}: the exact sum (here in double) rounded once per store. */
    static final class HalfTwins extends KernelTwins {
        private final DType dtype;

        HalfTwins(DType dtype) {
            this.dtype = dtype;
        }

        @Override
        public void gemm(double[] a, GemmOperand al, double[] b, GemmOperand bl, double[] c, GemmOperand cl, GemmSize size, boolean accumulate) {
            super.gemm(a, al, b, bl, c, cl, size, accumulate);
            roundAll(dtype, c); // entries the launch did not store are already half values (or NaN): rounding keeps them
        }
    }

    @ParameterizedTest
    @MethodSource("org.jgrad.cuda.Im2colConvolutionTest#geometries")
    void whereThePlanRunsInTheHalfTypeItRoundsOnceLikeTheCpu(Conv2dGeometry g, long budget) {
        for (DType dtype : HALVES) {
            for (Pass pass : Pass.values()) {
                if (!Im2colConvolution.storesEachResultOnce(pass, g, budget)) continue;
                double[][] both = onTwinsAndCpu(pass, g, budget, dtype);
                for (int i = 0; i < both[0].length; i++)
                    assertEquals(both[1][i], both[0][i], 0, dtype + " " + pass + " " + g + " budget " + budget + ": element " + i);
            }
        }
    }

    @Test
    void chunkedWeightGradientsRoundEachPartialSum() {
        Conv2dGeometry g = Conv2dGeometry.of(6, 4, 7, 7, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        assertTrue(Im2colConvolution.storesEachResultOnce(Pass.WEIGHT_GRAD, g, Im2colConvolution.COLUMN_BUDGET));
        assertTrue(!Im2colConvolution.storesEachResultOnce(Pass.WEIGHT_GRAD, g, 1L), "one sample per chunk: six launches");
        for (DType dtype : HALVES) assertDrifts(Pass.WEIGHT_GRAD, g, 1L, dtype);
    }

    @Test
    void col2imSumsRoundedColumns() {
        Conv2dGeometry g = Conv2dGeometry.of(2, 4, 7, 7, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        assertTrue(!Im2colConvolution.storesEachResultOnce(Pass.INPUT_GRAD, g, Im2colConvolution.COLUMN_BUDGET));
        for (DType dtype : HALVES) assertDrifts(Pass.INPUT_GRAD, g, Im2colConvolution.COLUMN_BUDGET, dtype);
    }

    @Test
    void theDeviceComputesInTheHalfTypeOnlyWhereThePlanRoundsOnce() {
        Conv2dGeometry conv3x3 = Conv2dGeometry.of(2, 4, 7, 7, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        Conv2dGeometry pointwise = Conv2dGeometry.of(2, 4, 7, 7, 5, 1, 1, 1, 1, 0, 0, 1, 1, 1);
        DType h = DType.FLOAT16, b = DType.BFLOAT16, f = DType.FLOAT32, d = DType.FLOAT64;
        assertEquals(h, CudaConvolution.computeType(Pass.FORWARD, conv3x3, h, h, h));
        assertEquals(b, CudaConvolution.computeType(Pass.WEIGHT_GRAD, conv3x3, b, b, b));
        assertEquals(f, CudaConvolution.computeType(Pass.INPUT_GRAD, conv3x3, h, h, h));
        assertEquals(b, CudaConvolution.computeType(Pass.INPUT_GRAD, pointwise, b, b, b));
        assertEquals(f, CudaConvolution.computeType(Pass.FORWARD, conv3x3, h, f, h), "a float32 operand is not rounded to float16");
        assertEquals(f, CudaConvolution.computeType(Pass.INPUT_GRAD, conv3x3, f, f, f));
        assertEquals(d, CudaConvolution.computeType(Pass.WEIGHT_GRAD, conv3x3, d, d, d));
    }

    /** Asserts that running {@code pass} in the half type gives some result other than the CPU's one rounding. */
    private static void assertDrifts(Pass pass, Conv2dGeometry g, long budget, DType dtype) {
        double[][] both = onTwinsAndCpu(pass, g, budget, dtype);
        int differing = 0;
        for (int i = 0; i < both[0].length; i++) if (both[0][i] != both[1][i]) differing++;
        assertTrue(differing > 0, dtype + " " + pass + " " + g + ": rounded more than once yet equal everywhere");
    }

    /** {pass on the half twins, the CPU's float64 pass on the same half inputs rounded once}, over random half inputs. */
    private static double[][] onTwinsAndCpu(Pass pass, Conv2dGeometry g, long budget, DType dtype) {
        Random random = new Random(pass.ordinal() * 31L + dtype.ordinal());
        Function<Integer, double[]> input = n -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = random.nextGaussian();
            return roundAll(dtype, a);
        };
        HalfTwins twins = new HalfTwins(dtype);
        Im2colConvolution<double[]> conv = new Im2colConvolution<>(g, twins, budget);
        double[] expected, actual;
        switch (pass) {
            case FORWARD -> {
                double[] x = input.apply(g.inputSize()), w = input.apply(g.weightSize());
                Conv2dKernels.forward(g, x, w, expected = new double[g.outputSize()]);
                conv.forward(x, 0, w, 0, actual = twins.scratch(g.outputSize()), 0);
            }
            case INPUT_GRAD -> {
                double[] gradOut = input.apply(g.outputSize()), w = input.apply(g.weightSize());
                Conv2dKernels.inputGrad(g, gradOut, w, expected = new double[g.inputSize()]);
                conv.inputGrad(gradOut, 0, w, 0, actual = twins.scratch(g.inputSize()), 0);
            }
            default -> {
                double[] x = input.apply(g.inputSize()), gradOut = input.apply(g.outputSize());
                Conv2dKernels.weightGrad(g, x, gradOut, expected = new double[g.weightSize()]);
                conv.weightGrad(x, 0, gradOut, 0, actual = twins.scratch(g.weightSize()), 0);
            }
        }
        return new double[][] {actual, roundAll(dtype, expected)};
    }

    /** Rounds every entry of {@code a} to the dtype in place (NaN stays NaN); returns a. */
    private static double[] roundAll(DType dtype, double[] a) {
        for (int i = 0; i < a.length; i++) a[i] = OpAssert.roundTo(dtype, a[i]);
        return a;
    }
}
