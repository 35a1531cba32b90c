package org.jgrad.cuda;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.ReduceOp;
import org.jgrad.tensor.Shapes;

/**
 * Launches the kernels of {@code reduce.cu}: one block per output element (per line for
 * arg-reductions and softmax), its threads striding over the reduced positions. The host splits
 * the axes into kept and reduced ones; the kernels read x through its strides.
 */
final class CudaReductions {
    private CudaReductions() {}

    /** x's axes split by a mask: the kept ones in order (with x's offset) and the reduced ones. */
    record Split(int[] keptShape, int[] keptStrides, int[] reducedShape, int[] reducedStrides) {
        static Split of(int[] shape, int[] strides, boolean[] reduced) {
            int nr = 0;
            for (boolean r : reduced) if (r) nr++;
            int[] ks = new int[shape.length - nr], kst = new int[ks.length], rs = new int[nr], rst = new int[nr];
            for (int i = 0, k = 0, r = 0; i < shape.length; i++) {
                if (reduced[i]) { rs[r] = shape[i]; rst[r++] = strides[i]; }
                else { ks[k] = shape[i]; kst[k++] = strides[i]; }
            }
            return new Split(ks, kst, rs, rst);
        }

        static Split alongAxis(int[] shape, int[] strides, int axis) {
            boolean[] mask = new boolean[shape.length];
            mask[axis] = true;
            return of(shape, strides, mask);
        }
    }

    /** Whether {@code reduce.cu} has the kernel: sums of every dtype, max/min of all but bool. */
    static boolean covers(ReduceOp op, DType t) {
        return op == ReduceOp.SUM || t != DType.BOOL;
    }

    static void reduce(CudaDevice device, ReduceOp op, NDArray x, boolean[] reduced, NDArray out) {
        Split s = Split.of(x.shape(), x.strides(), reduced);
        KernelLaunch.of("reduce_" + op.opName() + "_" + KernelNames.suffix(x.dtype()))
                .pointer(CudaBackend.base(x)).ints(Layouts.shape(s.keptShape())).ints(Layouts.strided(x.offset(), s.keptStrides()))
                .ints(Layouts.shape(s.reducedShape())).ints(Layouts.strided(0, s.reducedStrides()))
                .pointer(CudaBackend.base(out)).grid(device, blocks(out.numel()), 1, threads(Shapes.numel(s.reducedShape())), 1, 0);
    }

    static void argReduce(CudaDevice device, boolean max, NDArray x, int axis, NDArray out) {
        Split s = Split.alongAxis(x.shape(), x.strides(), axis);
        KernelLaunch.of((max ? "argmax_" : "argmin_") + KernelNames.suffix(x.dtype()))
                .pointer(CudaBackend.base(x)).ints(Layouts.shape(s.keptShape())).ints(Layouts.strided(x.offset(), s.keptStrides()))
                .ints(x.shape(axis)).ints(x.stride(axis))
                .pointer(CudaBackend.base(out)).grid(device, blocks(out.numel()), 1, threads(x.shape(axis)), 1, 0);
    }

    static void softmax(CudaDevice device, NDArray x, int axis, boolean log, NDArray out) {
        Split s = Split.alongAxis(x.shape(), x.strides(), axis);
        Split o = Split.alongAxis(out.shape(), out.strides(), axis);
        int lines = Shapes.numel(s.keptShape());
        KernelLaunch.of("softmax_" + KernelNames.suffix(x.dtype()))
                .pointer(CudaBackend.base(x)).ints(Layouts.shape(s.keptShape())).ints(Layouts.strided(x.offset(), s.keptStrides()))
                .ints(x.shape(axis)).ints(x.stride(axis))
                .pointer(CudaBackend.base(out)).ints(Layouts.strided(out.offset(), o.keptStrides())).ints(out.stride(axis)).ints(log ? 1 : 0)
                .grid(device, blocks(lines), 1, threads(x.shape(axis)), 1, 0);
    }

    /** One block per output, at most 65,535 (the kernels loop over the rest); at least one. */
    static int blocks(int outputs) {
        return Math.max(1, Math.min(outputs, 65_535));
    }

    /** A power of two from 32 to 256 (JG_REDUCE_THREADS), no larger than the reduced length needs. */
    static int threads(int reducedLength) {
        int t = 32;
        while (t < 256 && t < reducedLength) t *= 2;
        return t;
    }
}
