package org.jgrad.tensor;

import static org.jgrad.tensor.OpAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.jgrad.tensor.RandomArrays.Arr;
import org.jgrad.tensor.Reference.Dense;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** gather, scatter_add, index_select and one_hot on random shapes, layouts and index dtypes. */
class IndexingOpsTest {
    static Stream<Long> seeds() {
        return Stream.iterate(8000L, s -> s + 1).limit(30);
    }

    static DType valueType(long seed) {
        return new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64}[(int) (seed % 4)];
    }

    static DType indexType(RandomArrays r) {
        return r.rnd.nextBoolean() ? DType.INT32 : DType.INT64;
    }

    /** Random indices in [0, bound) of {@code shape}, as an array of a random layout. */
    static Arr indices(RandomArrays r, int[] shape, int bound) {
        double[] v = new double[Reference.count(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.rnd.nextInt(bound);
        RandomArrays.Layout l = r.layout();
        return r.array(v, shape, indexType(r), l == RandomArrays.Layout.EXPANDED ? RandomArrays.Layout.PERMUTED : l);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void gatherAndScatterAdd(long seed) {
        RandomArrays r = new RandomArrays(seed);
        DType t = valueType(seed);
        int[] xs = r.shape(1 + r.rnd.nextInt(3), true);
        int rank = xs.length, axis = r.rnd.nextInt(rank);
        if (xs[axis] == 0) xs[axis] = 2;
        int[] is = xs.clone();
        for (int d = 0; d < rank; d++) is[d] = d == axis ? r.rnd.nextInt(5) : r.rnd.nextInt(xs[d] + 1);
        Arr x = r.array(xs, t), idx = indices(r, is, xs[axis]);
        int ax = r.rnd.nextBoolean() ? axis : axis - rank;
        NDArray g = x.array().gather(ax, idx.array());
        assertEquals(t, g.dtype());
        assertClose(Reference.gather(x.expected(), axis, idx.expected()), g, () -> "gather seed=" + seed + " axis=" + ax + " x=" + x + " idx=" + idx);

        int[] ss = is.clone();
        for (int d = 0; d < rank; d++) ss[d] += r.rnd.nextInt(2); // src may be larger than index
        Arr src = r.array(ss, t);
        NDArray s = x.array().scatterAdd(ax, idx.array(), src.array());
        Dense srcCut = src.expected();
        for (int d = 0; d < rank; d++) srcCut = Reference.narrow(srcCut, d, 0, is[d]);
        assertClose(Reference.scatterAdd(x.expected(), axis, idx.expected(), srcCut), s, null, 4,
                () -> "scatter_add seed=" + seed + " axis=" + ax + " x=" + x + " idx=" + idx + " src=" + src);
        assertClose(x.expected(), x.array(), () -> "scatter_add must not change its input");
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void indexSelect(long seed) {
        RandomArrays r = new RandomArrays(seed);
        int[] xs = r.shape(1 + r.rnd.nextInt(4), true);
        int axis = r.rnd.nextInt(xs.length);
        if (xs[axis] == 0) xs[axis] = 3;
        Arr x = r.array(xs, valueType(seed));
        int len = r.rnd.nextInt(6);
        Arr idx = indices(r, new int[] {len}, xs[axis]);
        long[] iv = new long[len];
        for (int i = 0; i < len; i++) iv[i] = (long) idx.expected().data()[i];
        NDArray y = x.array().indexSelect(axis - (r.rnd.nextBoolean() ? xs.length : 0), idx.array());
        assertClose(Reference.indexSelect(x.expected(), axis, iv), y, () -> "index_select seed=" + seed + " axis=" + axis + " x=" + x + " idx=" + idx);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void oneHot(long seed) {
        RandomArrays r = new RandomArrays(seed);
        int classes = 1 + r.rnd.nextInt(5);
        Arr labels = indices(r, r.shape(), classes);
        NDArray y = labels.array().oneHot(classes);
        assertEquals(DType.INT64, y.dtype());
        assertClose(Reference.oneHot(labels.expected(), classes), y, () -> "one_hot seed=" + seed + " classes=" + classes + " labels=" + labels);
    }
}
