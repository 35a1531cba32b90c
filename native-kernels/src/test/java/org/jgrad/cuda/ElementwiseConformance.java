package org.jgrad.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.RandomArrays;
import org.jgrad.tensor.RandomArrays.Layout;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.SpecialValues;
import org.jgrad.tensor.UnaryOp;
import org.jgrad.cuda.BackendComparison.Output;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * unary, binary and where: every op over every dtype it takes, on random shapes (rank 0, size 1,
 * empty) and layouts (permuted, stepped, offset, broadcast with stride 0), NaN and infinities
 * included, plus large arrays that span many thread blocks.
 */
public interface ElementwiseConformance extends Conformance {
    static Stream<Arguments> unaryCases() {
        return Conformance.cases(UnaryOp.values(), op -> op.keepsIntegers() ? Conformance.notBool() : FLOATS, 3, 1);
    }

    @ParameterizedTest(name = "unary {0} {1} case {2} large={3}")
    @MethodSource("org.jgrad.cuda.ElementwiseConformance#unaryCases")
    default void unary(UnaryOp op, DType dtype, int c, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed("unary " + op, dtype.ordinal(), c, large ? 1 : 0));
        NDArray x = r.array(Conformance.shape(r, large), dtype, r.layout(), true).array();
        compare().check("unary " + op.opName() + " " + dtype, (b, in, out) -> b.unary(op, in[0], out[0]),
                List.of(x), List.of(Output.of(dtype, x.shape())), op == UnaryOp.GELU ? 20 : 4, false);
    }

    /** Bool operands only for comparisons: NDArray rejects bool arithmetic. */
    static Stream<Arguments> binaryCases() {
        return Conformance.cases(BinaryOp.values(), op -> op.kind() == BinaryOp.Kind.COMPARISON ? DType.values() : Conformance.notBool(), 2, 1);
    }

    /** a and b as NDArray hands them over: converted to the op's compute dtype and broadcast (stride 0) to the result's shape. */
    @ParameterizedTest(name = "binary {0} {1} case {2} large={3}")
    @MethodSource("org.jgrad.cuda.ElementwiseConformance#binaryCases")
    default void binary(BinaryOp op, DType dtype, int c, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed("binary " + op, dtype.ordinal(), c, large ? 1 : 0));
        DType compute = op.computeType(dtype, dtype);
        int[] sa = Conformance.shape(r, large), sb = r.broadcastPartner(sa);
        if (r.rnd.nextBoolean()) { int[] t = sa; sa = sb; sb = t; }
        int[] outShape = Shapes.broadcast(op.opName(), sa, sb);
        NDArray a = r.array(sa, compute, r.layout(), true).array().broadcastTo(outShape);
        NDArray b = (op == BinaryOp.POW && !compute.isFloating() ? exponents(r, sb, compute) : r.array(sb, compute, r.layout(), true).array())
                .broadcastTo(outShape);
        compare().check("binary " + op.opName() + " " + compute, (be, in, out) -> be.binary(op, in[0], in[1], out[0]),
                List.of(a, b), List.of(Output.of(op.resultType(dtype, dtype), outShape)), 4, false);
    }

    static Stream<Arguments> specialValueCases() {
        List<Arguments> out = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) for (DType t : FLOATS) for (boolean dense : new boolean[] {false, true}) out.add(Arguments.of(op, t, dense));
        return out.stream();
    }

    /**
     * Every pair of fixed special values ({@link SpecialValues}: NaN, ±∞, ±0, ±1 and powers of two)
     * as an outer product (n, 1) ∘ (1, m), read through the broadcast views (stride 0) or dense
     * copies: pow as C's pow, maximum/minimum as IEEE 754-2019 (−0 &lt; +0), the sign of every zero
     * compared ({@link BinaryOp} says why).
     */
    @ParameterizedTest(name = "binary {0} {1} special values dense={2}")
    @MethodSource("org.jgrad.cuda.ElementwiseConformance#specialValueCases")
    default void binarySpecialValues(BinaryOp op, DType dtype, boolean dense) {
        int n = SpecialValues.LEFT.length, m = SpecialValues.RIGHT.length;
        NDArray a = NDArray.of(SpecialValues.LEFT).to(dtype).reshape(n, 1).broadcastTo(n, m);
        NDArray b = NDArray.of(SpecialValues.RIGHT).to(dtype).reshape(1, m).broadcastTo(n, m);
        if (dense) { a = a.contiguous(); b = b.contiguous(); }
        compare().checkSignedZeros("binary " + op.opName() + " " + dtype + " on special values", (be, in, out) -> be.binary(op, in[0], in[1], out[0]),
                List.of(a, b), List.of(Output.of(op.resultType(dtype, dtype), n, m)));
    }

    /** Integer powers need exponents >= 0 (negative ones are an error). */
    private static NDArray exponents(RandomArrays r, int[] shape, DType t) {
        double[] v = r.values(org.jgrad.tensor.Reference.count(shape), t, false);
        for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]) % 4;
        return r.array(v, shape, t, Layout.PERMUTED_STEPPED).array();
    }

    static Stream<Arguments> whereCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : DType.values()) for (int c = 0; c < 3; c++) out.add(Arguments.of(t, c, false));
        out.add(Arguments.of(DType.FLOAT32, 0, true));
        return out.stream();
    }

    @ParameterizedTest(name = "where {0} case {1} large={2}")
    @MethodSource("org.jgrad.cuda.ElementwiseConformance#whereCases")
    default void where(DType dtype, int c, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed("where", dtype.ordinal(), c, large ? 1 : 0));
        int[] sb = Conformance.shape(r, large), sc = r.broadcastPartner(sb), sa = r.broadcastPartner(sb);
        int[] s = Shapes.broadcast("where", Shapes.broadcast("where", sc, sa), sb);
        NDArray cond = r.array(sc, DType.BOOL).array().broadcastTo(s);
        NDArray a = r.array(sa, dtype, r.layout(), true).array().broadcastTo(s);
        NDArray b = r.array(sb, dtype, r.layout(), true).array().broadcastTo(s);
        compare().check("where " + dtype, (be, in, out) -> be.where(in[0], in[1], in[2], out[0]), List.of(cond, a, b),
                List.of(Output.of(dtype, s)), 1, false);
    }
}
