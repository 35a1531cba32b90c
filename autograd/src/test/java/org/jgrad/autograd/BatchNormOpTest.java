package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused batch-norm op against its composition of tensor ops ({@link NormalizationOps#composed},
 * the form autocast uses and the reference): outputs, the three gradients and the running
 * statistics, in float64 and float32, with batch and with running statistics.
 */
class BatchNormOpTest {
    private static NDArray randn(long seed, DType t, double mean, double std, int... shape) {
        return NDArray.randn(new Generator(seed), DType.FLOAT64, shape).mul(std).add(mean).to(t);
    }

    private static void assertClose(NDArray expected, NDArray actual, double rtol, String what) {
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = 1e-30;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++)
            assertTrue(Math.abs(e[i] - a[i]) <= rtol * scale, what + "[" + i + "]: composed " + e[i] + ", fused " + a[i] + " (scale " + scale + ")");
    }

    /** Runs forward and backward with fresh copies of the running statistics; returns {y, dx, dγ, dβ, runningMean, runningVar}. */
    private static NDArray[] run(boolean fused, DType t, int[] shape, boolean training) {
        int c = shape[1];
        Tensor x = Tensor.of(randn(1, t, 3, 2, shape), true);
        Tensor w = Tensor.of(randn(2, t, 1, 0.5, c), true), b = Tensor.of(randn(3, t, 0, 1, c), true);
        NDArray rm = randn(4, t, 3, 1, c), rv = randn(5, t, 4, 0.5, c);
        long perChannel = x.numel() / c;
        Tensor y = fused ? NormalizationOps.batchNorm(x, rm, rv, w, b, training, 0.1, 1e-5)
                : NormalizationOps.composed(x, rm, rv, w, b, training, 0.1, 1e-5, perChannel);
        y.backward(randn(6, t, 0, 1, shape));
        return new NDArray[] {y.data(), x.grad(), w.grad(), b.grad(), rm, rv};
    }

    @ParameterizedTest(name = "{0} {1} training={2}")
    @CsvSource({"FLOAT64, '8,3,5,5', true", "FLOAT64, '8,3,5,5', false", "FLOAT64, '16,4', true", "FLOAT32, '32,8,14,14', true",
            "FLOAT32, '32,8,14,14', false", "FLOAT32, '64,10', true", "FLOAT32, '4,16,1,1', true"})
    void fusedAgreesWithTheComposition(DType t, String dims, boolean training) {
        int[] shape = java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        NDArray[] fused = run(true, t, shape, training), composed = run(false, t, shape, training);
        String[] names = {"y", "dx", "dweight", "dbias", "running mean", "running var"};
        double rtol = t == DType.FLOAT64 ? 1e-11 : 2e-4;
        for (int i = 0; i < names.length; i++) assertClose(composed[i], fused[i], rtol, names[i] + " " + t + " " + dims);
    }

    @Test
    void trainingUpdatesTheRunningStatisticsInPlaceWithTheUnbiasedVariance() {
        NDArray x = NDArray.of(1.0, 3, 5, 7).reshape(4, 1);   // mean 4, biased var 5, unbiased 20/3
        NDArray rm = NDArray.of(0.0), rv = NDArray.of(1.0);
        NormalizationOps.batchNorm(Tensor.of(x), rm, rv, null, null, true, 0.25, 1e-5);
        assertArrayEquals(new double[] {1.0}, rm.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.75 + 0.25 * 20 / 3}, rv.toDoubleArray(), 1e-12);
    }

    @Test
    void evaluationWithoutRunningStatisticsIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormalizationOps.batchNorm(Tensor.of(NDArray.zeros(2, 3)), null, null, null, null, false, 0.1, 1e-5));
        assertTrue(e.getMessage().contains("batch_norm") && e.getMessage().contains("running"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NormalizationOps.batchNorm(Tensor.of(NDArray.zeros(2, 3)), null, null, Tensor.of(NDArray.ones(4)), null, true, 0.1, 1e-5));
        assertTrue(e.getMessage().contains("weight must be (3)") && e.getMessage().contains("(4)"), e.getMessage());
    }
}
