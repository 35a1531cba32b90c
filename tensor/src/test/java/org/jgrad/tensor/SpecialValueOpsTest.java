package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pow, maximum and minimum on special values ({@link SpecialValues}), bit for bit (the sign of
 * zero included), in every floating dtype and through every CPU path: the generic strided loop
 * (broadcast operands), the float32 fast path (contiguous, plain Java or Vector API, which the
 * plain-java-one-thread execution runs again), the half types' float32 path, and a broadcast scalar.
 */
class SpecialValueOpsTest {
    private static final DType[] FLOATS = {DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64};

    /** The cases where C's pow (torch.pow) and Java's Math.pow differ, and a few where they agree, spelled out. */
    @Test
    void powFollowsC() {
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        double[][] cases = { // a, b, a^b
            {1, nan, 1}, {1, inf, 1}, {1, -inf, 1}, {-1, inf, 1}, {-1, -inf, 1},
            {nan, 0.0, 1}, {nan, -0.0, 1}, {inf, 0.0, 1}, {-4, -0.0, 1},
            {nan, 1, nan}, {4, nan, nan}, {-1, nan, nan}, {-4, 0.5, nan},
            {-0.0, -1, -inf}, {0.0, -1, inf}, {-0.0, -2, inf}, {-0.0, 1, -0.0}, {-0.0, 2, 0.0}, {-0.0, 0.5, 0.0},
            {-inf, -1, -0.0}, {-inf, 1, -inf}, {-inf, 2, inf}, {-inf, -2, 0.0}, {inf, -1, 0.0},
            {0.25, -inf, inf}, {4, -inf, 0.0}, {-0.25, inf, 0.0}, {-4, inf, inf}, {4, 0.5, 2}, {-4, -1, -0.25}};
        for (DType t : FLOATS) {
            double[] a = new double[cases.length], b = new double[cases.length];
            for (int i = 0; i < cases.length; i++) { a[i] = cases[i][0]; b[i] = cases[i][1]; }
            double[] got = NDArray.of(a).to(t).pow(NDArray.of(b).to(t)).toDoubleArray();
            for (int i = 0; i < cases.length; i++) {
                double[] c = cases[i];
                assertTrue(SpecialValues.same(c[2], got[i]), "pow(" + c[0] + ", " + c[1] + ") in " + t + ": expected " + c[2] + ", got " + got[i]);
                assertTrue(SpecialValues.same(c[2], SpecialValues.pow(c[0], c[1])), "the test's reference at " + i);
            }
        }
    }

    @Test
    void maximumAndMinimumOrderTheZeros() {
        for (DType t : FLOATS) {
            NDArray a = NDArray.of(-0.0, 0.0, -0.0, 0.0).to(t), b = NDArray.of(0.0, -0.0, -0.0, 0.0).to(t);
            assertBits(new double[] {0.0, 0.0, -0.0, 0.0}, a.maximum(b), "maximum " + t);
            assertBits(new double[] {-0.0, -0.0, -0.0, 0.0}, a.minimum(b), "minimum " + t);
            assertBits(new double[] {0.0, 0.0, 0.0, 0.0}, a.maximum(0.0), "maximum(x, +0) " + t);
            assertBits(new double[] {-0.0, -0.0, -0.0, -0.0}, a.minimum(-0.0), "minimum(x, -0) " + t);
        }
    }

    static List<Arguments> gridCases() {
        List<Arguments> out = new ArrayList<>();
        for (BinaryOp op : new BinaryOp[] {BinaryOp.POW, BinaryOp.MAXIMUM, BinaryOp.MINIMUM})
            for (DType t : FLOATS) for (String layout : new String[] {"broadcast", "contiguous", "transposed"}) out.add(Arguments.of(op, t, layout));
        return out;
    }

    /** Every (left, right) pair of {@link SpecialValues}, as an outer product (n, 1) ∘ (1, m) in three layouts. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("gridCases")
    void everyPairOfSpecialValues(BinaryOp op, DType t, String layout) {
        double[] l = SpecialValues.LEFT, r = SpecialValues.RIGHT;
        int n = l.length, m = r.length;
        NDArray a = NDArray.of(l).to(t).reshape(n, 1).broadcastTo(n, m), b = NDArray.of(r).to(t).reshape(1, m).broadcastTo(n, m);
        NDArray y = switch (layout) {
            case "broadcast" -> binary(op, a, b);
            case "contiguous" -> binary(op, a.contiguous(), b.contiguous());
            default -> binary(op, a.transpose(0, 1).contiguous().transpose(0, 1), b.transpose(0, 1).contiguous().transpose(0, 1));
        };
        assertEquals(t, y.dtype());
        double[] want = new double[n * m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) want[i * m + j] = OpAssert.roundTo(t, SpecialValues.apply(op, l[i], r[j]));
        assertBits(want, y.contiguous(), op + " " + t + " " + layout);
    }

    static List<Arguments> scalarCases() {
        List<Arguments> out = new ArrayList<>();
        for (BinaryOp op : new BinaryOp[] {BinaryOp.POW, BinaryOp.MAXIMUM, BinaryOp.MINIMUM}) for (DType t : FLOATS) out.add(Arguments.of(op, t));
        return out;
    }

    /** A broadcast scalar right operand takes the float32 fast path's scalar form. */
    @ParameterizedTest(name = "{0} {1} scalar")
    @MethodSource("scalarCases")
    void specialScalarRightOperands(BinaryOp op, DType t) {
        double[] l = new double[40];
        for (int i = 0; i < l.length; i++) l[i] = SpecialValues.LEFT[i % SpecialValues.LEFT.length];
        NDArray x = NDArray.of(l).to(t);
        for (double s : SpecialValues.RIGHT) {
            NDArray y = binary(op, x, NDArray.full(s, t));
            double[] want = new double[l.length];
            for (int i = 0; i < l.length; i++) want[i] = OpAssert.roundTo(t, SpecialValues.apply(op, l[i], s));
            assertBits(want, y, op + " " + t + " scalar " + s);
        }
    }

    private static NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        return switch (op) {
            case POW -> a.pow(b);
            case MAXIMUM -> a.maximum(b);
            case MINIMUM -> a.minimum(b);
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    private static void assertBits(double[] want, NDArray y, String what) {
        double[] got = y.toDoubleArray();
        assertEquals(want.length, got.length, what);
        StringBuilder bad = new StringBuilder();
        for (int i = 0; i < want.length; i++)
            if (!SpecialValues.same(want[i], got[i])) bad.append("\n  at ").append(i).append(": expected ").append(want[i]).append(", got ").append(got[i]);
        assertTrue(bad.length() == 0, what + ":" + bad);
    }
}
