package org.jgrad.tensor;

import static org.jgrad.tensor.OpAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.tensor.RandomArrays.Arr;
import org.jgrad.tensor.Reference.Dense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link NDArray#to(DType)} for every pair of dtypes, on random layouts. */
class CastOpsTest {
    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (DType from : DType.values()) for (DType to : DType.values()) for (int c = 0; c < 3; c++) out.add(Arguments.of(from, to, c));
        return out.stream();
    }

    /** The value {@code v} converted to {@code to}, by the rules: round to nearest even, truncate to integers, non-zero is true. */
    static double convert(double v, DType to) {
        return switch (to) {
            case BOOL -> v != 0 ? 1 : 0; // NaN is non-zero
            case INT32 -> (int) v;
            case INT64 -> (long) v;
            default -> OpAssert.roundTo(to, v);
        };
    }

    @ParameterizedTest(name = "{0} -> {1} #{2}")
    @MethodSource("pairs")
    void castMatchesReference(DType from, DType to, int c) {
        RandomArrays r = new RandomArrays(from.ordinal() * 100 + to.ordinal() * 10 + c);
        int[] shape = r.shape();
        double[] v = new double[Reference.count(shape)];
        for (int i = 0; i < v.length; i++) {
            double raw = r.rnd.nextInt(8) == 0 ? 0 : (r.rnd.nextDouble() - 0.5) * 20;
            if (from.isFloating() && !to.isFloating() && to != DType.BOOL) v[i] = raw; // finite only
            else if (from.isFloating() && r.rnd.nextInt(12) == 0) v[i] = new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0}[r.rnd.nextInt(4)];
            else v[i] = raw;
            v[i] = from == DType.BOOL ? (v[i] != 0 ? 1 : 0) : from.isFloating() ? OpAssert.roundTo(from, v[i]) : (long) v[i];
        }
        Arr x = r.array(v, shape, from, r.layout());
        NDArray y = x.array().to(to);
        assertEquals(to, y.dtype());
        assertClose(Reference.map(x.expected(), d -> convert(d, to)), y, null, 0, () -> from + " -> " + to + " x=" + x);
        if (from == to) assertSame(x.array(), y);
    }

    @Test
    void float16RoundsToNearestEvenFromEveryFloatType() {
        double ulp = 0x1p-10; // of half at 1
        double[] in = {1 + ulp / 2, 1 + 3 * ulp / 2, 1 + ulp / 2 + 0x1p-40, 1 + ulp / 4, 65504, 65519.99, 65520, 0x1p-25, 0x1.8p-25, 0x1p-24 * 1.5, -3.5e-8};
        double[] want = {1, 1 + 2 * ulp, 1 + ulp, 1, 65504, 65504, Double.POSITIVE_INFINITY, 0, 0x1p-24, 0x1p-23, -0x1p-24};
        NDArray h = NDArray.of(in).to(DType.FLOAT16);
        assertArrayEquals(want, h.toDoubleArray(), "float64 -> float16 (1 + 2^-11 + 2^-40 must round up, not tie to even after a float32 step)");
        for (int i = 0; i < in.length; i++) assertEquals(OpAssert.roundHalf(in[i]), want[i], "test's own half rounding at " + in[i]);
    }

    @Test
    void floatToIntTruncatesTowardZeroAndBoolIsNonZero() {
        NDArray x = NDArray.of(-2.7, -0.5, -0.0, 0.4, 1.999, 3.0);
        assertArrayEquals(new long[] {-2, 0, 0, 0, 1, 3}, x.to(DType.INT64).toLongArray());
        assertArrayEquals(new long[] {-2, 0, 0, 0, 1, 3}, x.to(DType.FLOAT32).to(DType.INT32).toLongArray());
        assertArrayEquals(new long[] {1, 1, 0, 1, 1, 1}, x.to(DType.BOOL).toLongArray());
        assertArrayEquals(new double[] {1, 0, 1}, NDArray.of(true, false, true).to(DType.FLOAT16).toDoubleArray());
        assertArrayEquals(new double[] {16777216, -3}, NDArray.of(16777217L, -3L).to(DType.FLOAT32).toDoubleArray(), "int64 -> float32 rounds");
        assertArrayEquals(new double[] {2048, 65504, Double.POSITIVE_INFINITY}, NDArray.of(2049L, 65504L, 65520L).to(DType.FLOAT16).toDoubleArray(),
                "int64 -> float16 rounds to nearest even and overflows to inf");
    }

    @Test
    void castOfNonContiguousViewKeepsValuesAndShape() {
        NDArray x = NDArray.arange(0, 24, 1, DType.FLOAT64).reshape(2, 3, 4).permute(2, 0, 1).slice(0, 1, 4, 2);
        Dense want = new Dense(x.shape(), x.toDoubleArray());
        for (DType t : DType.values()) {
            NDArray y = x.to(t);
            assertArrayEquals(x.shape(), y.shape());
            assertClose(Reference.map(want, d -> convert(d, t)), y, () -> "cast of a view to " + t);
        }
    }
}
