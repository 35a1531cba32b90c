package org.jgrad.tensor;

import static org.jgrad.tensor.OpAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.tensor.RandomArrays.Arr;
import org.jgrad.tensor.RandomArrays.Layout;
import org.jgrad.tensor.Reference.Dense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reductions over random axis sets (with keepDim), arg-reductions and softmax against loop references. */
class ReductionOpsTest {
    static final int CASES = 10;

    interface AxesOp { NDArray apply(NDArray x, int[] axes, boolean keepDim); }
    interface AllAxesOp { NDArray apply(NDArray x, boolean keepDim); }

    /**
     * A reduction over a set of axes ({@code op}) and its all-axes overload ({@code all}), which the
     * cases call for an empty draw of axes; {@code needsNonEmpty} when an empty slice is an error.
     */
    record Spec(String name, AxesOp op, AllAxesOp all, java.util.function.ToDoubleFunction<double[]> ref, boolean needsNonEmpty, boolean ints) {
        @Override public String toString() { return name; }

        NDArray apply(NDArray x, int[] axes, boolean keepDim) {
            return axes.length == 0 ? all.apply(x, keepDim) : op.apply(x, axes, keepDim);
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec("sum", NDArray::sum, NDArray::sum, Reference::sum, false, true),
            new Spec("max", NDArray::max, NDArray::max, Reference::max, true, true),
            new Spec("min", NDArray::min, NDArray::min, Reference::min, true, true),
            new Spec("mean", NDArray::mean, NDArray::mean, Reference::mean, false, false),
            new Spec("var0", (x, a, k) -> x.var(a, 0, k), (x, k) -> x.var(0, k), v -> Reference.var(v, 0), false, false),
            new Spec("var1", (x, a, k) -> x.var(a, 1, k), (x, k) -> x.var(1, k), v -> Reference.var(v, 1), false, false),
            new Spec("var2", (x, a, k) -> x.var(a, 2, k), (x, k) -> x.var(2, k), v -> Reference.var(v, 2), false, false),
            new Spec("std1", (x, a, k) -> x.std(a, 1, k), (x, k) -> x.std(1, k), v -> Math.sqrt(Reference.var(v, 1)), false, false),
            new Spec("logsumexp", NDArray::logsumexp, NDArray::logsumexp, Reference::logsumexp, false, false));

    /** An explicit empty axis list is refused, naming the op and the all-axes overload, rather than read as "all". */
    @Test
    void anEmptyAxisListIsRefusedNotReadAsAll() {
        NDArray x = NDArray.ones(DType.FLOAT32, 2, 3);
        for (Spec s : SPECS) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> s.op.apply(x, new int[0], false), s.name);
            String op = s.name.replaceAll("\\d$", "");
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(op + ": the axis list is empty")
                    && e.getMessage().contains(op + "()"), s.name + ": " + e.getMessage());
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Spec s : SPECS) {
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64})
                for (int c = 0; c < CASES; c++) out.add(Arguments.of(s, t, s.name.hashCode() * 31L + t.ordinal() * 1000L + c));
            out.add(Arguments.of(s, DType.FLOAT16, s.name.hashCode() + 7L));
            out.add(Arguments.of(s, DType.BFLOAT16, s.name.hashCode() + 11L));
            if (s.ints) for (DType t : new DType[] {DType.INT32, DType.INT64, DType.BOOL})
                for (int c = 0; c < 3; c++) out.add(Arguments.of(s, t, s.name.hashCode() + t.ordinal() * 100L + c));
        }
        return out.stream();
    }

    /** A random subset of the axes, written with random signs; possibly empty (then the all-axes overload is called). */
    static int[] randomAxes(RandomArrays r, int rank) {
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < rank; i++) if (r.rnd.nextInt(3) == 0) axes.add(r.rnd.nextBoolean() ? i : i - rank);
        java.util.Collections.shuffle(axes, r.rnd);
        return axes.stream().mapToInt(Integer::intValue).toArray();
    }

    static boolean emptySlice(int[] shape, int[] axes) {
        boolean[] m = Reference.mask(shape.length, axes);
        for (int i = 0; i < shape.length; i++) if (m[i] && shape[i] == 0) return true;
        return false;
    }

    @ParameterizedTest(name = "{0} {1} seed={2}")
    @MethodSource("cases")
    void reductionMatchesReference(Spec spec, DType dtype, long seed) {
        RandomArrays r = new RandomArrays(seed);
        int[] shape = r.shape();
        int[] axes = randomAxes(r, shape.length);
        while (spec.needsNonEmpty && emptySlice(shape, axes)) {
            shape = r.shape();
            axes = randomAxes(r, shape.length);
        }
        boolean keep = r.rnd.nextBoolean();
        Arr x = r.array(shape, dtype, r.layout(), true);
        NDArray y = spec.apply(x.array(), axes, keep);
        DType want = spec.name.equals("sum") && !dtype.isFloating() ? DType.INT64 : dtype;
        assertEquals(want, y.dtype(), spec.name + " dtype");
        Dense expected = Reference.reduce(x.expected(), axes, keep, spec.ref);
        Dense scale = Reference.reduce(x.expected(), axes, keep, spec.name.equals("mean") ? v -> Reference.sumAbs(v) / v.length : Reference::sumAbs);
        int[] fAxes = axes;
        assertClose(expected, y, spec.name.startsWith("var") || spec.name.startsWith("std") || spec.name.equals("logsumexp") ? null : scale,
                spec.name.startsWith("var") || spec.name.startsWith("std") ? 10 : 2,
                () -> spec.name + " seed=" + seed + " axes=" + Arrays.toString(fAxes) + " keepDim=" + keep + " x=" + x);
    }

    @ParameterizedTest(name = "arg{0} seed={1}")
    @MethodSource("argCases")
    void argReductionsTakeTheFirstExtreme(String which, long seed) {
        RandomArrays r = new RandomArrays(seed);
        DType t = new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.FLOAT16}[(int) (seed % 5)];
        int[] shape = r.shape(1 + r.rnd.nextInt(4), false);
        int axis = r.rnd.nextInt(shape.length) - (r.rnd.nextBoolean() ? shape.length : 0);
        boolean keep = r.rnd.nextBoolean(), max = which.equals("max");
        // few distinct values, so ties are common
        double[] v = new double[Reference.count(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.rnd.nextInt(20) == 0 && t.isFloating() ? Double.NaN : r.rnd.nextInt(4) - 1;
        Arr x = r.array(v, shape, t, r.layout());
        NDArray y = max ? x.array().argmax(axis, keep) : x.array().argmin(axis, keep);
        assertEquals(DType.INT64, y.dtype());
        assertClose(Reference.argReduce(x.expected(), axis, keep, max), y, () -> "arg" + which + " seed=" + seed + " axis=" + axis + " x=" + x);
        NDArray flat = max ? x.array().argmax() : x.array().argmin();
        assertEquals(Reference.argExtreme(x.expected().data(), max), flat.item(), "flat arg" + which + " x=" + x);
    }

    static Stream<Arguments> argCases() {
        List<Arguments> out = new ArrayList<>();
        for (String w : new String[] {"max", "min"}) for (long s = 0; s < 15; s++) out.add(Arguments.of(w, 500 + s));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("softmaxCases")
    void softmaxAndLogSoftmax(String which, long seed) {
        RandomArrays r = new RandomArrays(seed);
        DType t = seed % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
        int[] shape = r.shape();
        int axis = shape.length == 0 ? 0 : r.rnd.nextInt(shape.length) - (r.rnd.nextBoolean() ? shape.length : 0);
        boolean log = which.equals("log_softmax");
        Arr x = r.array(shape, t, r.layout(), seed % 3 == 0);
        if (seed % 5 == 0) { // large values: the stable form is needed
            double[] v = x.expected().data().clone();
            for (int i = 0; i < v.length; i++) v[i] = v[i] * 100 + 500;
            x = r.array(v, shape, t, x.layout());
        }
        NDArray y = log ? x.array().logSoftmax(axis) : x.array().softmax(axis);
        Arr fx = x;
        assertClose(Reference.alongAxis(x.expected(), axis, v -> Reference.softmax(v, log)), y, null, 4,
                () -> which + " seed=" + seed + " axis=" + axis + " x=" + fx);
    }

    static Stream<Arguments> softmaxCases() {
        List<Arguments> out = new ArrayList<>();
        for (String w : new String[] {"softmax", "log_softmax"}) for (long s = 0; s < 15; s++) out.add(Arguments.of(w, 900 + s));
        return out.stream();
    }

    @Test
    void largeContiguousFloat32Reductions() {
        RandomArrays r = new RandomArrays(4242);
        Arr x = r.array(new int[] {300, 200}, DType.FLOAT32, Layout.CONTIGUOUS, false);
        for (int[] axes : new int[][] {{}, {0}, {1}, {-1, 0}}) {
            for (Spec s : SPECS) {
                NDArray y = s.apply(x.array(), axes, false);
                Dense scale = Reference.reduce(x.expected(), axes, false, s.name.equals("mean") ? v -> Reference.sumAbs(v) / v.length : Reference::sumAbs);
                assertClose(Reference.reduce(x.expected(), axes, false, s.ref), y,
                        s.name.startsWith("var") || s.name.startsWith("std") || s.name.equals("logsumexp") ? null : scale, 10,
                        () -> "large " + s.name + " axes=" + Arrays.toString(axes));
            }
        }
        assertClose(Reference.alongAxis(x.expected(), 1, v -> Reference.softmax(v, false)), x.array().softmax(1), () -> "large softmax");
        assertClose(Reference.argReduce(x.expected(), 0, false, true), x.array().argmax(0, false), () -> "large argmax");
    }

    @Test
    void emptyReductions() {
        NDArray e = NDArray.zeros(DType.FLOAT32, 3, 0);
        assertClose(Dense.zeros(3), e.sum(1), () -> "sum of empty");
        assertEquals(0.0, NDArray.zeros(DType.INT32, 0).sum().item());
        assertEquals(DType.INT64, NDArray.zeros(DType.INT32, 0).sum().dtype());
        assertClose(new Dense(new int[] {3}, new double[] {Double.NaN, Double.NaN, Double.NaN}), e.mean(1), () -> "mean of empty");
        assertClose(new Dense(new int[] {3}, new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}),
                e.logsumexp(new int[] {1}, false), () -> "logsumexp of empty");
        assertClose(Dense.zeros(0), e.sum(0), () -> "sum over a non-empty axis of an empty array");
    }
}
