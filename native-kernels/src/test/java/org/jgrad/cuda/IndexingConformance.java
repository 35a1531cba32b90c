package org.jgrad.cuda;

import java.util.List;
import java.util.stream.Stream;
import org.jgrad.cuda.BackendComparison.Output;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.RandomArrays;
import org.jgrad.tensor.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gather, index_select and scatter_add along random axes with strided int64 indices; repeated
 * indices make scatter_add accumulate (in any order on a GPU, hence the summed tolerance).
 */
public interface IndexingConformance extends Conformance {
    /**
     * Every op in every dtype, and for scatter_add the cases that reach each of its kernels: large
     * index extents choose the atomic kernel ({@code CudaIndexing}), so a large case in each dtype
     * it exists for (int32, int64, float32, float64), and bool through the ordered kernel (where
     * adding is "or": any true stays true, as the CPU's stored non-zero sum does).
     */
    static Stream<Arguments> cases() {
        Stream<Arguments> common = Conformance.cases(new String[] {"gather", "index_select", "scatter_add"},
                op -> op.equals("scatter_add") ? Conformance.notBool() : DType.values(), 3, 1);
        Stream<Arguments> atomic = Stream.of(DType.INT32, DType.INT64, DType.FLOAT64).map(t -> Arguments.of("scatter_add", t, 0, true));
        Stream<Arguments> bool = Stream.of(0, 1, 2).map(c -> Arguments.of("scatter_add", DType.BOOL, c, false));
        return Stream.of(common, atomic, bool).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} {1} case {2} large={3}")
    @MethodSource("org.jgrad.cuda.IndexingConformance#cases")
    default void indexing(String op, DType dtype, int c, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed(op, dtype.ordinal(), c, large ? 1 : 0));
        int[] xs = large ? new int[] {256, 300} : r.shape(1 + r.rnd.nextInt(4), false);
        int axis = r.rnd.nextInt(xs.length);
        NDArray x = r.array(xs, dtype, r.layout(), false).array();
        String what = op + " " + dtype + " x" + java.util.Arrays.toString(xs) + " axis " + axis;
        switch (op) {
            case "gather" -> {
                int[] is = indexShape(r, xs, axis, large);
                compare().check(what, (b, in, out) -> b.gather(in[0], axis, in[1], out[0]), List.of(x, indices(r, is, xs[axis])),
                        List.of(Output.of(dtype, is)), 1, false);
            }
            case "index_select" -> {
                int length = large ? 500 : 1 + r.rnd.nextInt(6);
                int[] os = xs.clone();
                os[axis] = length;
                compare().check(what, (b, in, out) -> b.indexSelect(in[0], axis, in[1], out[0]), List.of(x, indices(r, new int[] {length}, xs[axis])),
                        List.of(Output.of(dtype, os)), 1, false);
            }
            default -> {
                int[] is = indexShape(r, xs, axis, large), ss = is.clone();
                for (int d = 0; d < ss.length; d++) ss[d] += r.rnd.nextInt(2);
                NDArray src = r.array(ss, dtype, r.layout(), false).array();
                for (int d = 0; d < is.length; d++) src = src.narrow(d, 0, is[d]); // NDArray narrows src to the index's shape
                compare().check(what, (b, in, out) -> b.scatterAdd(out[0], axis, in[0], in[1]), List.of(indices(r, is, xs[axis]), src),
                        List.of(Output.inPlace(x.copy())), 2, true);
            }
        }
    }

    /** An index shape for x of shape {@code xs}: at most x's size off the axis, any size (here 1 to 6, or 500) along it. */
    private static int[] indexShape(RandomArrays r, int[] xs, int axis, boolean large) {
        int[] is = new int[xs.length];
        for (int d = 0; d < xs.length; d++) is[d] = d == axis ? (large ? 500 : 1 + r.rnd.nextInt(6)) : 1 + r.rnd.nextInt(xs[d]);
        return is;
    }

    /** int64 indices in [0, bound), with repeats, in a random layout. */
    private static NDArray indices(RandomArrays r, int[] shape, int bound) {
        double[] v = new double[Reference.count(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.rnd.nextInt(bound);
        return r.array(v, shape, DType.INT64, r.layout()).array();
    }
}
