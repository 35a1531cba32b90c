package org.jgrad.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.cuda.BackendComparison.Output;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.RandomArrays;
import org.jgrad.tensor.ReduceOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** reduce (sum, max, min over random axis sets), argmax/argmin (ties and NaN) and softmax/log_softmax. */
public interface ReductionConformance extends Conformance {
    static Stream<Arguments> reduceCases() {
        return Conformance.cases(ReduceOp.values(), op -> DType.values(), 4, 2);
    }

    /** Sums of integers and bools are int64; max and min need every reduced slice non-empty. */
    @ParameterizedTest(name = "reduce {0} {1} case {2} large={3}")
    @MethodSource("org.jgrad.cuda.ReductionConformance#reduceCases")
    default void reduce(ReduceOp op, DType dtype, int c, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed("reduce " + op, dtype.ordinal(), c, large ? 1 : 0));
        int[] shape;
        boolean[] reduced;
        do {
            shape = Conformance.shape(r, large);
            reduced = new boolean[shape.length];
            for (int i = 0; i < shape.length; i++) reduced[i] = r.rnd.nextInt(3) > 0 || (large && i == shape.length - 1);
        } while (op != ReduceOp.SUM && emptySlice(shape, reduced));
        NDArray x = r.array(shape, dtype, r.layout(), !large).array();
        int[] kept = shape.clone();
        for (int i = 0; i < kept.length; i++) if (reduced[i]) kept[i] = 1;
        DType outType = op == ReduceOp.SUM && !dtype.isFloating() ? DType.INT64 : dtype;
        boolean[] axes = reduced;
        compare().check("reduce " + op.opName() + " " + dtype + " over " + java.util.Arrays.toString(axes),
                (b, in, out) -> b.reduce(op, in[0], axes, out[0]), List.of(x), List.of(Output.of(outType, kept)), 2, op == ReduceOp.SUM);
    }

    static Stream<Arguments> signedZeroCases() {
        List<Arguments> out = new ArrayList<>();
        for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) for (DType t : FLOATS) for (boolean all : new boolean[] {false, true}) out.add(Arguments.of(op, t, all));
        return out.stream();
    }

    /**
     * max and min over rows of zeros of both signs (and ±∞, NaN), longer than a block's threads so
     * partial results of several threads meet: +0 is the larger zero, as in the elementwise
     * maximum/minimum and the CPU's Math.max/Math.min. Over axis 1 (six rows), or over both axes
     * of the first three rows (zeros only).
     */
    @ParameterizedTest(name = "reduce {0} {1} signed zeros all={2}")
    @MethodSource("org.jgrad.cuda.ReductionConformance#signedZeroCases")
    default void reduceSignedZeros(ReduceOp op, DType dtype, boolean all) {
        int rows = all ? 3 : 6, k = 300;
        double[] v = new double[6 * k];
        for (int j = 0; j < k; j++) {
            v[j] = j == 211 ? 0.0 : -0.0;                                    // one +0 among -0
            v[k + j] = -0.0;                                                  // all -0
            v[2 * k + j] = 0.0;                                               // all +0
            v[3 * k + j] = j == 150 ? Double.NaN : j % 2 == 0 ? 0.0 : -0.0;   // NaN wins
            v[4 * k + j] = j % 3 == 0 ? Double.NEGATIVE_INFINITY : -0.0;      // max -0, min -inf
            v[5 * k + j] = j == 7 ? Double.POSITIVE_INFINITY : j % 2 == 0 ? -0.0 : 0.0;
        }
        NDArray x = NDArray.of(java.util.Arrays.copyOf(v, rows * k)).to(dtype).reshape(rows, k);
        boolean[] axes = {all, true};
        compare().checkSignedZeros("reduce " + op.opName() + " " + dtype + " signed zeros over " + java.util.Arrays.toString(axes),
                (b, in, out) -> b.reduce(op, in[0], axes, out[0]), List.of(x), List.of(Output.of(dtype, all ? 1 : rows, 1)));
    }

    private static boolean emptySlice(int[] shape, boolean[] reduced) {
        for (int i = 0; i < shape.length; i++) if (reduced[i] && shape[i] == 0) return true;
        return false;
    }

    static Stream<Arguments> argCases() {
        return Conformance.cases(new String[] {"argmax", "argmin"}, op -> Conformance.notBool(), 3, 1);
    }

    /** Few distinct values, so ties are common (the first extreme wins), and NaN, which counts as both extremes. */
    @ParameterizedTest(name = "{0} {1} case {2} large={3}")
    @MethodSource("org.jgrad.cuda.ReductionConformance#argCases")
    default void argReduce(String op, DType dtype, int c, boolean large) {
        boolean max = op.equals("argmax");
        RandomArrays r = new RandomArrays(Conformance.seed(op, dtype.ordinal(), c, large ? 1 : 0));
        int[] shape = large ? Conformance.shape(r, true) : r.shape(1 + r.rnd.nextInt(4), false);
        int axis = r.rnd.nextInt(shape.length);
        double[] v = new double[org.jgrad.tensor.Reference.count(shape)];
        for (int i = 0; i < v.length; i++) v[i] = dtype.isFloating() && r.rnd.nextInt(large ? 5000 : 20) == 0 ? Double.NaN : r.rnd.nextInt(5) - 2;
        NDArray x = r.array(v, shape, dtype, r.layout()).array();
        int[] kept = shape.clone();
        kept[axis] = 1;
        compare().check(op + " " + dtype + " axis " + axis, (b, in, out) -> b.argReduce(max, in[0], axis, out[0]),
                List.of(x), List.of(Output.of(DType.INT64, kept)), 1, false);
    }

    static Stream<Arguments> softmaxCases() {
        return Conformance.cases(new String[] {"softmax", "log_softmax"}, op -> FLOATS, 4, 2);
    }

    /** Rank >= 1 (NDArray reshapes a scalar to (1)); every other float32/float64 case shifted by +500 so only the stable form survives. */
    @ParameterizedTest(name = "{0} {1} case {2} large={3}")
    @MethodSource("org.jgrad.cuda.ReductionConformance#softmaxCases")
    default void softmax(String op, DType dtype, int c, boolean large) {
        boolean log = op.equals("log_softmax");
        RandomArrays r = new RandomArrays(Conformance.seed(op, dtype.ordinal(), c, large ? 1 : 0));
        int[] shape = large ? Conformance.shape(r, true) : r.shape(1 + r.rnd.nextInt(4), true);
        int axis = r.rnd.nextInt(shape.length);
        double[] v = r.values(org.jgrad.tensor.Reference.count(shape), dtype, c == 3);
        if (c % 2 == 1 && !dtype.isHalf()) for (int i = 0; i < v.length; i++) v[i] = v[i] * 100 + 500;
        NDArray x = r.array(v, shape, dtype, r.layout()).array();
        compare().check(op + " " + dtype + " axis " + axis, (b, in, out) -> b.softmax(in[0], axis, log, out[0]),
                List.of(x), List.of(Output.of(dtype, shape)), 4, false);
    }
}
