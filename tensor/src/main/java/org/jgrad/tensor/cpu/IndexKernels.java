package org.jgrad.tensor.cpu;

import org.jgrad.tensor.NDArray;

/** gather, scatter_add and index_select on the CPU; indices are int64 and already range-checked. */
final class IndexKernels {
    private IndexKernels() {}

    /** x's strides over index's shape with the gathered axis set to 0: the base of each picked element. */
    private static int[] stridesWithoutAxis(NDArray x, int axis) {
        int[] s = x.strides();
        s[axis] = 0;
        return s;
    }

    /** out[p] = x[p with coordinate axis replaced by index[p]]. */
    static void gather(NDArray x, int axis, NDArray index, NDArray out) {
        HostStorage xs = ElementwiseKernels.host(x), is = ElementwiseKernels.host(index), os = ElementwiseKernels.host(out);
        boolean integers = !x.dtype().isFloating();
        int axisStride = x.stride(axis);
        StridedLoop loop = StridedLoop.of(index.shape(),
                new int[][] {stridesWithoutAxis(x, axis), index.strides(), out.strides()}, new int[] {x.offset(), index.offset(), out.offset()});
        int s0 = loop.innerStride(0), s1 = loop.innerStride(1), s2 = loop.innerStride(2), inner = loop.inner();
        CpuParallel.forRange(loop.rows(), loop.rowGrain(ElementwiseKernels.GRAIN), (r0, r1) -> {
            int[] at = new int[3];
            for (int r = r0; r < r1; r++) {
                loop.rowStarts(r, at);
                for (int j = 0, xb = at[0], ii = at[1], oi = at[2]; j < inner; j++, xb += s0, ii += s1, oi += s2) {
                    int xi = xb + (int) is.getLong(ii) * axisStride;
                    if (integers) os.setLong(oi, xs.getLong(xi));
                    else os.setDouble(oi, xs.getDouble(xi));
                }
            }
        });
    }

    /** dst[p with coordinate axis replaced by index[p]] += src[p], sequentially (indices may repeat). */
    static void scatterAdd(NDArray dst, int axis, NDArray index, NDArray src) {
        HostStorage ds = ElementwiseKernels.host(dst), is = ElementwiseKernels.host(index), ss = ElementwiseKernels.host(src);
        boolean integers = !dst.dtype().isFloating();
        int axisStride = dst.stride(axis);
        StridedLoop loop = StridedLoop.of(index.shape(),
                new int[][] {stridesWithoutAxis(dst, axis), index.strides(), src.strides()}, new int[] {dst.offset(), index.offset(), src.offset()});
        int s0 = loop.innerStride(0), s1 = loop.innerStride(1), s2 = loop.innerStride(2), inner = loop.inner();
        int[] at = new int[3];
        for (int r = 0; r < loop.rows(); r++) {
            loop.rowStarts(r, at);
            for (int j = 0, db = at[0], ii = at[1], si = at[2]; j < inner; j++, db += s0, ii += s1, si += s2) {
                int di = db + (int) is.getLong(ii) * axisStride;
                if (integers) ds.setLong(di, ds.getLong(di) + ss.getLong(si));
                else ds.setDouble(di, ds.getDouble(di) + ss.getDouble(si));
            }
        }
    }

    /** out.select(axis, i) = x.select(axis, index[i]) for every i. */
    static void indexSelect(NDArray x, int axis, NDArray index, NDArray out) {
        HostStorage is = ElementwiseKernels.host(index);
        for (int i = 0; i < index.numel(); i++) {
            int picked = (int) is.getLong(index.offset() + i * index.stride(0));
            ElementwiseKernels.copy(x.select(axis, picked), out.select(axis, i));
        }
    }
}
