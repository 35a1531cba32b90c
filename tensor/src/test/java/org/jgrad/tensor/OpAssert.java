package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.function.Supplier;
import org.jgrad.tensor.Reference.Dense;

/**
 * Comparison of an op's result with its float64 reference, with tolerances by dtype. A failure
 * lists the first {@value #SHOWN} mismatches (index, expected, actual) and how many there are.
 */
public final class OpAssert {
    /** How many mismatches a failure message lists. */
    static final int SHOWN = 8;

    private OpAssert() {}

    public static double rtol(DType t) {
        return switch (t) {
            case FLOAT64 -> 1e-12;
            case FLOAT32 -> 1e-5;
            case FLOAT16 -> 2e-3;
            case BFLOAT16 -> 1.6e-2;
            default -> 0;
        };
    }

    public static double atol(DType t) {
        return switch (t) {
            case FLOAT64 -> 1e-13;
            case FLOAT32 -> 1e-6;
            case FLOAT16 -> 1e-3;
            case BFLOAT16 -> 8e-3;
            default -> 0;
        };
    }

    /** {@code v} rounded to binary16, ties to even (independent of {@link Half}). */
    static double roundHalf(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) return v;
        int e = Math.getExponent(v);
        double quantum = Math.scalb(1.0, Math.max(e, -14) - 10);
        double r = Math.rint(v / quantum) * quantum;
        return Math.abs(r) > 65504 ? Math.copySign(Double.POSITIVE_INFINITY, v) : r;
    }

    /** {@code v} rounded to bfloat16 (8 significant bits, float32's exponent range), ties to even (independent of {@link BFloat16}). */
    static double roundBFloat16(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) return v;
        int e = Math.getExponent(v);
        double quantum = Math.scalb(1.0, Math.max(e, -126) - 7);
        double r = Math.rint(v / quantum) * quantum;
        return Math.abs(r) > 0x1.FEp127 ? Math.copySign(Double.POSITIVE_INFINITY, v) : r;
    }

    /** The reference value as the output dtype would hold it. */
    public static double roundTo(DType t, double v) {
        return switch (t) {
            case FLOAT32 -> (float) v;
            case FLOAT16 -> roundHalf(v);
            case BFLOAT16 -> roundBFloat16(v);
            default -> v;
        };
    }

    public static void assertClose(Dense expected, NDArray actual, Supplier<String> context) {
        assertClose(expected, actual, null, 1, context);
    }

    /**
     * Shape, NaN and infinity positions exact; finite values within atol + rtol·max(|expected|,
     * scale) where {@code scale} (same shape, may be null) bounds the rounding of sums, times
     * {@code slack}.
     */
    public static void assertClose(Dense expected, NDArray actual, Dense scale, double slack, Supplier<String> context) {
        assertArrayEquals(expected.shape(), actual.shape(), () -> "shape; " + context.get());
        DType t = actual.dtype();
        double[] got = actual.toDoubleArray();
        double rtol = rtol(t) * slack, atol = atol(t) * slack;
        StringBuilder first = new StringBuilder();
        int mismatches = 0;
        for (int i = 0; i < got.length; i++) {
            double want = roundTo(t, expected.data()[i]), g = got[i];
            boolean ok;
            if (!t.isFloating()) ok = want == g;
            else if (Double.isNaN(want) || Double.isNaN(g)) ok = Double.isNaN(want) && Double.isNaN(g);
            else if (Double.isInfinite(want) || Double.isInfinite(g)) ok = want == g;
            else {
                double s = Math.max(Math.abs(want), scale == null ? 0 : scale.data()[i]);
                ok = Math.abs(want - g) <= atol + rtol * s;
            }
            if (!ok && mismatches++ < SHOWN)
                first.append("\n  at ").append(Arrays.toString(Reference.unflat(expected.shape(), i))).append(": expected ").append(want)
                        .append(" but got ").append(g);
        }
        if (mismatches > 0)
            fail(mismatches + " of " + got.length + " values differ (dtype " + t + ", rtol " + rtol + ", atol " + atol + "); " + context.get()
                    + "; the first:" + first + "\n expected " + expected
                    + "\n actual   " + Arrays.toString(got.length <= 64 ? got : Arrays.copyOf(got, 64)));
    }

    static void assertValues(Dense expected, NDArray actual, String context) {
        assertArrayEquals(expected.shape(), actual.shape(), () -> "shape; " + context);
        assertArrayEquals(expected.data(), actual.toDoubleArray(), () -> context);
    }

    static void assertDType(DType want, NDArray x, Supplier<String> context) {
        assertEquals(want, x.dtype(), context);
    }
}
