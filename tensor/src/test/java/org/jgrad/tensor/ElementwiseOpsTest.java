package org.jgrad.tensor;

import static org.jgrad.tensor.OpAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jgrad.tensor.RandomArrays.Arr;
import org.jgrad.tensor.RandomArrays.Layout;
import org.jgrad.tensor.Reference.Dense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Unary and binary elementwise ops, where and clamp against float64 loop references. */
class ElementwiseOpsTest {
    static final int CASES = 8;
    static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

    /** A unary op: how to call it, its reference, and whether integers stay integers. */
    record UnarySpec(String name, UnaryOperator<NDArray> op, DoubleUnaryOperator ref, boolean keepsInts, double slack) {
        @Override public String toString() { return name; }
    }

    record BinarySpec(String name, BinaryOperator<NDArray> op, DoubleBinaryOperator ref, boolean comparison, boolean intCapable) {
        @Override public String toString() { return name; }
    }

    static final List<UnarySpec> UNARY = List.of(
            new UnarySpec("neg", NDArray::neg, x -> -x, true, 1),
            new UnarySpec("abs", NDArray::abs, Math::abs, true, 1),
            new UnarySpec("exp", NDArray::exp, Math::exp, false, 1),
            new UnarySpec("log", NDArray::log, Math::log, false, 1),
            new UnarySpec("sqrt", NDArray::sqrt, Math::sqrt, false, 1),
            new UnarySpec("rsqrt", NDArray::rsqrt, x -> 1 / Math.sqrt(x), false, 1),
            new UnarySpec("sin", NDArray::sin, Math::sin, false, 1),
            new UnarySpec("cos", NDArray::cos, Math::cos, false, 1),
            new UnarySpec("tanh", NDArray::tanh, Math::tanh, false, 1),
            new UnarySpec("sigmoid", NDArray::sigmoid, Reference::sigmoid, false, 1),
            new UnarySpec("relu", NDArray::relu, x -> Double.isNaN(x) ? x : x > 0 ? x : 0, true, 1),
            new UnarySpec("gelu", NDArray::gelu, Reference::gelu, false, 20),
            new UnarySpec("silu", NDArray::silu, x -> x * Reference.sigmoid(x), false, 1),
            new UnarySpec("sign", NDArray::sign, x -> Double.isNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0, true, 1),
            new UnarySpec("reciprocal", NDArray::reciprocal, x -> 1 / x, false, 1),
            new UnarySpec("clamp", x -> x.clamp(-1.5, 2), x -> Reference.clamp(x, -1.5, 2), false, 1));

    static final List<BinarySpec> BINARY = List.of(
            new BinarySpec("add", NDArray::add, (a, b) -> a + b, false, true),
            new BinarySpec("sub", NDArray::sub, (a, b) -> a - b, false, true),
            new BinarySpec("mul", NDArray::mul, (a, b) -> a * b, false, true),
            new BinarySpec("div", NDArray::div, (a, b) -> a / b, false, false),
            new BinarySpec("pow", NDArray::pow, SpecialValues::pow, false, false),
            new BinarySpec("maximum", NDArray::maximum, SpecialValues::maximum, false, true),
            new BinarySpec("minimum", NDArray::minimum, SpecialValues::minimum, false, true),
            new BinarySpec("eq", NDArray::eq, (a, b) -> a == b ? 1 : 0, true, true),
            new BinarySpec("ne", NDArray::ne, (a, b) -> a != b ? 1 : 0, true, true),
            new BinarySpec("lt", NDArray::lt, (a, b) -> a < b ? 1 : 0, true, true),
            new BinarySpec("le", NDArray::le, (a, b) -> a <= b ? 1 : 0, true, true),
            new BinarySpec("gt", NDArray::gt, (a, b) -> a > b ? 1 : 0, true, true),
            new BinarySpec("ge", NDArray::ge, (a, b) -> a >= b ? 1 : 0, true, true));

    static Stream<Arguments> unaryCases() {
        List<Arguments> out = new ArrayList<>();
        for (UnarySpec s : UNARY) {
            for (DType t : FLOATS) for (int c = 0; c < CASES; c++) out.add(Arguments.of(s, t, seed(s.name, t, c)));
            for (DType half : new DType[] {DType.FLOAT16, DType.BFLOAT16}) for (int c = 0; c < 3; c++) out.add(Arguments.of(s, half, seed(s.name, half, c)));
            for (int c = 0; c < 3; c++) out.add(Arguments.of(s, c % 2 == 0 ? DType.INT32 : DType.INT64, seed(s.name, DType.INT64, c)));
        }
        return out.stream();
    }

    static Stream<Arguments> binaryCases() {
        List<Arguments> out = new ArrayList<>();
        for (BinarySpec s : BINARY) {
            for (DType t : FLOATS) for (int c = 0; c < CASES; c++) out.add(Arguments.of(s, t, seed(s.name, t, c)));
            for (DType half : new DType[] {DType.FLOAT16, DType.BFLOAT16}) for (int c = 0; c < 3; c++) out.add(Arguments.of(s, half, seed(s.name, half, c)));
            for (int c = 0; c < 4; c++) out.add(Arguments.of(s, c % 2 == 0 ? DType.INT32 : DType.INT64, seed(s.name, DType.INT64, c)));
        }
        return out.stream();
    }

    static long seed(String name, DType t, int c) {
        return name.hashCode() * 1_000_003L + t.ordinal() * 101L + c;
    }

    @ParameterizedTest(name = "{0} {1} seed={2}")
    @MethodSource("unaryCases")
    void unaryMatchesReference(UnarySpec spec, DType dtype, long seed) {
        RandomArrays r = new RandomArrays(seed);
        Arr x = r.array(r.shape(), dtype, r.layout(), true);
        NDArray y = spec.op.apply(x.array());
        DType want = dtype.isFloating() || spec.keepsInts ? dtype : DType.FLOAT32;
        assertEquals(want, y.dtype(), spec.name + " result dtype for " + dtype);
        assertClose(Reference.map(x.expected(), spec.ref), y, null, spec.slack, () -> spec.name + " seed=" + seed + " x=" + x);
    }

    @ParameterizedTest(name = "{0} {1} seed={2}")
    @MethodSource("binaryCases")
    void binaryMatchesReferenceWithBroadcasting(BinarySpec spec, DType dtype, long seed) {
        RandomArrays r = new RandomArrays(seed);
        int[] sa = r.shape();
        int[] sb = r.broadcastPartner(sa);
        if (r.rnd.nextBoolean()) { int[] t = sa; sa = sb; sb = t; }
        Arr a = r.array(sa, dtype, r.layout(), true);
        Arr b = spec.name.equals("pow") && !dtype.isFloating()
                ? r.array(r.values(Reference.count(sb), dtype, false), sb, dtype, r.layout()) // exponents made >= 0 below
                : r.array(sb, dtype, r.layout(), true);
        if (spec.name.equals("pow") && !dtype.isFloating()) b = nonNegative(r, b, dtype);
        Arr fa = a, fb = b;
        NDArray y = spec.op.apply(a.array(), b.array());
        DType want = spec.comparison ? DType.BOOL : spec.intCapable || dtype.isFloating() ? dtype
                : spec.name.equals("pow") ? dtype : DType.FLOAT32;
        assertEquals(want, y.dtype(), spec.name + " result dtype for " + dtype);
        assertClose(Reference.binary(a.expected(), b.expected(), spec.ref), y,
                () -> spec.name + " seed=" + seed + " a=" + fa + " b=" + fb);
    }

    private static Arr nonNegative(RandomArrays r, Arr b, DType dtype) {
        double[] v = b.expected().data().clone();
        for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]) % 4;
        return r.array(v, b.shape(), dtype, b.layout() == Layout.EXPANDED ? Layout.CONTIGUOUS : b.layout());
    }

    @ParameterizedTest(name = "{0} scalar float64/int32")
    @MethodSource("binaryCasesScalar")
    void binaryWithJavaScalar(String name, UnaryOperator<NDArray> op, DoubleUnaryOperator ref, DType dtype, DType want) {
        RandomArrays r = new RandomArrays(name.hashCode() + dtype.ordinal());
        Arr x = r.array(r.shape(), dtype);
        NDArray y = op.apply(x.array());
        assertEquals(want, y.dtype(), name);
        assertClose(Reference.map(x.expected(), ref), y, () -> name + " x=" + x);
    }

    static Stream<Arguments> binaryCasesScalar() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.INT32}) {
            DType frac = t.isFloating() ? t : DType.FLOAT32;
            DType cmp = DType.BOOL;
            out.add(Arguments.of("add 2", (UnaryOperator<NDArray>) x -> x.add(2), (DoubleUnaryOperator) v -> v + 2, t, t));
            out.add(Arguments.of("add 0.5", (UnaryOperator<NDArray>) x -> x.add(0.5), (DoubleUnaryOperator) v -> v + 0.5, t, frac));
            out.add(Arguments.of("sub 3", (UnaryOperator<NDArray>) x -> x.sub(3), (DoubleUnaryOperator) v -> v - 3, t, t));
            out.add(Arguments.of("mul -2", (UnaryOperator<NDArray>) x -> x.mul(-2), (DoubleUnaryOperator) v -> v * -2, t, t));
            out.add(Arguments.of("div 4", (UnaryOperator<NDArray>) x -> x.div(4), (DoubleUnaryOperator) v -> v / 4, t, frac));
            out.add(Arguments.of("pow 2", (UnaryOperator<NDArray>) x -> x.pow(2), (DoubleUnaryOperator) v -> v * v, t, t));
            out.add(Arguments.of("maximum 1", (UnaryOperator<NDArray>) x -> x.maximum(1), (DoubleUnaryOperator) v -> Math.max(v, 1), t, t));
            out.add(Arguments.of("minimum 1", (UnaryOperator<NDArray>) x -> x.minimum(1), (DoubleUnaryOperator) v -> Math.min(v, 1), t, t));
            out.add(Arguments.of("gt 0.25", (UnaryOperator<NDArray>) x -> x.gt(0.25), (DoubleUnaryOperator) v -> v > 0.25 ? 1 : 0, t, cmp));
            out.add(Arguments.of("le 1", (UnaryOperator<NDArray>) x -> x.le(1), (DoubleUnaryOperator) v -> v <= 1 ? 1 : 0, t, cmp));
            out.add(Arguments.of("eq 2", (UnaryOperator<NDArray>) x -> x.eq(2), (DoubleUnaryOperator) v -> v == 2 ? 1 : 0, t, cmp));
            out.add(Arguments.of("ne 2", (UnaryOperator<NDArray>) x -> x.ne(2), (DoubleUnaryOperator) v -> v != 2 ? 1 : 0, t, cmp));
        }
        return out.stream();
    }

    @Test
    void mixedDtypesPromote() {
        DType[] all = DType.values();
        RandomArrays r = new RandomArrays(77);
        for (DType ta : all)
            for (DType tb : all) {
                if (ta == DType.BOOL && tb == DType.BOOL) continue;
                Arr a = r.array(new int[] {2, 3}, ta), b = r.array(new int[] {3}, tb);
                // declaration order, except that the two half types meet in float32
                DType want = ta.isHalf() && tb.isHalf() && ta != tb ? DType.FLOAT32 : ta.ordinal() >= tb.ordinal() ? ta : tb;
                NDArray y = a.array().add(b.array());
                assertEquals(want, y.dtype(), "add " + ta + " + " + tb);
                assertClose(Reference.binary(a.expected(), b.expected(), Double::sum), y, () -> "add " + ta + "+" + tb);
                assertEquals(DType.BOOL, a.array().lt(b.array()).dtype());
            }
    }

    @ParameterizedTest(name = "where and gt on long rows, {0}")
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT16", "BFLOAT16"})
    void whereAndComparisonsOnRowsLongerThanABlock(DType t) {
        // one contiguous row of 5,003 values (several blocks, a ragged last one) and a broadcast scalar
        RandomArrays r = new RandomArrays(91);
        Arr a = r.array(new int[] {5003}, t, Layout.CONTIGUOUS, true), b = r.array(new int[] {5003}, t, Layout.CONTIGUOUS, true);
        double[] x = a.expected().data(), y = b.expected().data();
        double[] mask = new double[x.length], picked = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            mask[i] = x[i] > 0 ? 1 : 0;
            picked[i] = x[i] > y[i] ? x[i] : y[i];
        }
        assertArrayEquals(mask, a.array().gt(0).toDoubleArray(), t + " gt(0)");
        NDArray where = NDArray.where(a.array().gt(b.array()), a.array(), b.array());
        assertEquals(t, where.dtype());
        assertArrayEquals(picked, where.toDoubleArray(), t + " where");
    }

    @ParameterizedTest(name = "where seed={0}")
    @MethodSource("seeds")
    void whereBroadcastsAllThree(long seed) {
        RandomArrays r = new RandomArrays(seed);
        int[] s = r.shape();
        DType t = new DType[] {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16}[(int) (seed % 4)];
        Arr c = r.array(r.broadcastPartner(s), DType.BOOL), a = r.array(r.broadcastPartner(s), t), b = r.array(s, t, r.layout(), true);
        NDArray y = NDArray.where(c.array(), a.array(), b.array());
        assertClose(Reference.where(c.expected(), a.expected(), b.expected()), y, () -> "where seed=" + seed + " c=" + c + " a=" + a + " b=" + b);
    }

    static Stream<Long> seeds() {
        return Stream.iterate(1000L, s -> s + 1).limit(16);
    }

    /** Large contiguous float32 arrays take the Vector API path and the multithreaded one. */
    @ParameterizedTest(name = "large {0}")
    @MethodSource("largeCases")
    void largeContiguousFloat32(String name, Object spec) {
        RandomArrays r = new RandomArrays(name.hashCode());
        int[] shape = {300, 200};
        Arr a = r.array(shape, DType.FLOAT32, Layout.CONTIGUOUS, true);
        if (spec instanceof UnarySpec u) {
            assertClose(Reference.map(a.expected(), u.ref), u.op.apply(a.array()), null, u.slack, () -> "large " + name);
        } else {
            BinarySpec b = (BinarySpec) spec;
            Arr other = r.array(shape, DType.FLOAT32, Layout.CONTIGUOUS, true);
            assertClose(Reference.binary(a.expected(), other.expected(), b.ref), b.op.apply(a.array(), other.array()), () -> "large " + name);
            Arr row = r.array(new int[] {200}, DType.FLOAT32, Layout.CONTIGUOUS, false);
            assertClose(Reference.binary(a.expected(), row.expected(), b.ref), b.op.apply(a.array(), row.array()), () -> "large row-broadcast " + name);
        }
    }

    static Stream<Arguments> largeCases() {
        List<Arguments> out = new ArrayList<>();
        for (UnarySpec u : UNARY) out.add(Arguments.of(u.name, u));
        for (BinarySpec b : BINARY) out.add(Arguments.of(b.name, b));
        return out.stream();
    }
}
