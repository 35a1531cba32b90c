package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The CPU backend's fused per-channel primitives of {@link Normalization} against their plain
 * composition of array ops ({@link NormalizationMath}, the backend default), in float32 and
 * float64, on BatchNorm1d and BatchNorm2d shapes with row lengths around the vector width, a mean
 * far from zero (where an uncentred formula would cancel), and non-contiguous inputs (which take the
 * composed path).
 */
class NormalizationOpsTest {
    static List<int[]> shapes() {
        return List.of(new int[] {7, 3}, new int[] {4, 5, 17}, new int[] {3, 2, 4, 4}, new int[] {2, 8, 14, 14}, new int[] {5, 1, 1, 33});
    }

    private static NDArray randn(long seed, DType t, double mean, int... shape) {
        return NDArray.randn(new Generator(seed), DType.FLOAT64, shape).mul(2).add(mean).to(t);
    }

    private static void assertClose(NDArray expected, NDArray actual, double rtol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        assertEquals(expected.dtype(), actual.dtype(), what);
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        double scale = 0;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++)
            assertTrue(Math.abs(e[i] - a[i]) <= rtol * (scale + 1e-30), what + "[" + i + "]: composed " + e[i] + ", fused " + a[i]);
    }

    private static double rtol(DType t) {
        return t == DType.FLOAT64 ? 1e-12 : 2e-5;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void fusedPrimitivesAgreeWithTheirComposition(int[] shape) {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            int c = shape[1];
            NDArray x = randn(1, t, 30, shape), g = randn(2, t, 0, shape);
            NDArray m = randn(3, t, 30, c), a = randn(4, t, 0, c), b = randn(5, t, 0, c), k = randn(6, t, 0, c);
            String at = t + " " + Shapes.format(shape);

            Normalization.Moments fused = Normalization.channelMoments(x);
            NDArray mean = NDArray.zeros(t, c), var = NDArray.zeros(t, c);
            NormalizationMath.channelMoments(x, mean, var);
            assertClose(mean, fused.mean(), rtol(t), "mean " + at);
            assertClose(var, fused.var(), t == DType.FLOAT64 ? 1e-10 : 1e-4, "var " + at);

            NDArray out = NDArray.zeros(t, shape);
            NormalizationMath.channelLinear(x, m, a, g, b, k, out);
            assertClose(out, Normalization.channelLinear(x, m, a, g, b, k), rtol(t), "channelLinear " + at);
            NormalizationMath.channelLinear(g, null, a, null, null, k, out);
            assertClose(out, Normalization.channelLinear(g, null, a, null, null, k), rtol(t), "channelLinear without m and v " + at);

            Normalization.GradSums sums = Normalization.channelGradSums(g, x, m);
            NDArray sumGrad = NDArray.zeros(t, c), sumCentered = NDArray.zeros(t, c);
            NormalizationMath.channelGradSums(g, x, m, sumGrad, sumCentered);
            assertClose(sumGrad, sums.sumGrad(), t == DType.FLOAT64 ? 1e-12 : 1e-4, "sumGrad " + at);
            assertClose(sumCentered, sums.sumGradCentered(), t == DType.FLOAT64 ? 1e-12 : 1e-4, "sumGradCentered " + at);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void addingChannelsInPlaceIsChannelLinearBitForBitOverItsInput(int[] shape) {
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            NDArray u = randn(11, t, 3, shape), c = randn(12, t, 0, shape[1]);
            NDArray expected = Normalization.channelLinear(u, null, NDArray.ones(t, shape[1]), null, null, c);
            NDArray same = Normalization.addChannelsInPlace(u, c);
            assertTrue(same == u, "the result is u itself");
            assertArrayEquals(expected.toDoubleArray(), u.toDoubleArray(), t + " " + java.util.Arrays.toString(shape));
        }
        NDArray strided = NDArray.zeros(DType.FLOAT32, 4, 3).transpose(0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normalization.addChannelsInPlace(strided, NDArray.zeros(4)));
        assertTrue(e.getMessage().startsWith("channel_add_: u must be contiguous"), e.getMessage());
    }

    @Test
    void nonContiguousInputsTakeTheComposedPathAndAgree() {
        NDArray x = randn(7, DType.FLOAT32, 1, 4, 6, 3).permute(0, 2, 1);   // (4, 3, 6), not contiguous
        Normalization.Moments fused = Normalization.channelMoments(x), plain = Normalization.channelMoments(x.contiguous());
        assertClose(plain.mean(), fused.mean(), 1e-6, "mean");
        assertClose(plain.var(), fused.var(), 1e-5, "var");
    }

    @Test
    void theMomentsAreThoseOfEachChannel() {
        NDArray x = NDArray.of(1.0, 2, 3, 4, 10, 20, 30, 40).reshape(2, 2, 2);   // channel 0: 1 2 10 20; channel 1: 3 4 30 40
        Normalization.Moments m = Normalization.channelMoments(x);
        assertArrayEquals(new double[] {8.25, 19.25}, m.mean().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {(52.5625 + 39.0625 + 3.0625 + 138.0625) / 4, (264.0625 + 232.5625 + 115.5625 + 430.5625) / 4},
                m.var().toDoubleArray(), 1e-12);
    }

    @Test
    void reluBackwardIsTheCompositionBitForBit() {
        NDArray x = NDArray.of(-1f, 0f, -0f, Float.NaN, 2f, Float.MIN_VALUE, 3f), g = NDArray.of(1f, 2f, 3f, 4f, 5f, 6f, 7f);
        assertArrayEquals(new float[] {0, 0, 0, 0, 5, 6, 7}, x.reluBackward(g).toFloatArray());
        NDArray big = randn(8, DType.FLOAT32, 0, 3, 70000), grad = randn(9, DType.FLOAT32, 0, 3, 70000);
        assertArrayEquals(NDArray.where(big.gt(0), grad, NDArray.scalar(0, DType.FLOAT32)).toFloatArray(), big.reluBackward(grad).toFloatArray());
    }

    @Test
    void badShapesAreNamed() {
        NDArray x = NDArray.zeros(2, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalization.channelLinear(x, null, NDArray.zeros(4), null, null, NDArray.zeros(3)));
        assertTrue(e.getMessage().contains("channel_linear") && e.getMessage().contains("(3)") && e.getMessage().contains("(4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Normalization.channelMoments(NDArray.zeros(5)));
        assertTrue(e.getMessage().contains("channel_moments") && e.getMessage().contains("(5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.reluBackward(NDArray.zeros(2, 3)));
        assertTrue(e.getMessage().contains("relu_backward"), e.getMessage());
    }
}
