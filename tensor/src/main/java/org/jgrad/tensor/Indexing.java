package org.jgrad.tensor;

/** gather, scatter_add, index_select and one_hot: argument checks; the loops are the backend's. */
final class Indexing {
    private Indexing() {}

    /** out[i][j][k] = x[index[i][j][k]][j][k] for axis 0 (likewise for other axes); out has index's shape. */
    static NDArray gather(NDArray x, int axis, NDArray index) {
        int a = checkIndexRank("gather", x, axis, index);
        int[] xs = x.shape(), is = index.shape();
        for (int d = 0; d < xs.length; d++)
            if (d != a && is[d] > xs[d])
                throw new IllegalArgumentException("gather: index " + Shapes.format(is) + " is larger than input " + Shapes.format(xs) + " on axis " + d);
        NDArray idx = checkedIndex("gather", index, xs[a], axis);
        NDArray out = NDArray.zeros(x.dtype(), x.device(), is);
        if (out.numel() > 0) x.backend().gather(x, a, idx, out);
        return out;
    }

    /** A copy of {@code dst} with dst[index[i][j]][j] += src[i][j] for axis 0 (likewise for other axes). */
    static NDArray scatterAdd(NDArray dst, int axis, NDArray index, NDArray src) {
        int a = checkIndexRank("scatter_add", dst, axis, index);
        dst.requireSameDevice("scatter_add", src);
        int[] ds = dst.shape(), is = index.shape(), ss = src.shape();
        if (ss.length != is.length)
            throw new IllegalArgumentException("scatter_add: src " + Shapes.format(ss) + " and index " + Shapes.format(is) + " differ in rank");
        for (int d = 0; d < ds.length; d++) {
            if (is[d] > ss[d] || (d != a && is[d] > ds[d]))
                throw new IllegalArgumentException("scatter_add: index " + Shapes.format(is) + " is larger than src " + Shapes.format(ss)
                        + " or dst " + Shapes.format(ds) + " on axis " + d);
        }
        NDArray idx = checkedIndex("scatter_add", index, ds[a], axis);
        NDArray out = dst.copy();
        if (idx.numel() > 0) dst.backend().scatterAdd(out, a, idx, src.to(dst.dtype()).narrowTo(is));
        return out;
    }

    /** The 1-D {@code index} entries of x along {@code axis}. */
    static NDArray indexSelect(NDArray x, int axis, NDArray index) {
        if (x.rank() == 0) throw new IllegalArgumentException("index_select: needs an array of at least 1 dimension, got a scalar");
        int a = Shapes.normalizeAxis("index_select", axis, x.rank());
        if (index.rank() != 1) throw new IllegalArgumentException("index_select: index must be 1-D, got shape " + Shapes.format(index.shape()));
        x.requireSameDevice("index_select", index);
        NDArray idx = checkedIndex("index_select", index, x.shape(a), axis);
        int[] outShape = x.shape();
        outShape[a] = index.numel();
        NDArray out = NDArray.zeros(x.dtype(), x.device(), outShape);
        if (out.numel() > 0) x.backend().indexSelect(x, a, idx, out);
        return out;
    }

    /** int64 one-hot encoding: a new last axis of size {@code numClasses} with a 1 at each label. */
    static NDArray oneHot(NDArray labels, int numClasses) {
        if (labels.dtype().isFloating() || labels.dtype() == DType.BOOL)
            throw new IllegalArgumentException("one_hot: labels must be int32 or int64, got " + labels.dtype());
        if (numClasses < 1) throw new IllegalArgumentException("one_hot: numClasses must be >= 1, got " + numClasses);
        NDArray idx = checkedIndex("one_hot", labels, numClasses, -1);
        int[] shape = NDArray.insert(labels.shape(), labels.rank(), numClasses);
        NDArray classes = NDArray.arange(numClasses).to(labels.device());
        return idx.unsqueeze(-1).eq(classes).to(DType.INT64).broadcastTo(shape);
    }

    private static int checkIndexRank(String op, NDArray x, int axis, NDArray index) {
        x.requireSameDevice(op, index);
        int a = Shapes.normalizeAxis(op, axis, x.rank());
        if (index.rank() != x.rank())
            throw new IllegalArgumentException(op + ": index " + Shapes.format(index.shape()) + " must have the rank of the input " + Shapes.format(x.shape()));
        return a;
    }

    /** The index as int64, after checking every entry lies in {@code [0, size)}. */
    private static NDArray checkedIndex(String op, NDArray index, int size, int axis) {
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32)
            throw new IllegalArgumentException(op + ": index must be int32 or int64, got " + index.dtype());
        NDArray idx = index.to(DType.INT64);
        if (idx.numel() == 0) return idx;
        long lo = (long) idx.min().item(), hi = (long) idx.max().item();
        if (lo < 0 || hi >= size)
            throw new IllegalArgumentException(op + ": index " + (lo < 0 ? lo : hi) + " is out of range for axis " + axis + " of size " + size);
        return idx;
    }
}
