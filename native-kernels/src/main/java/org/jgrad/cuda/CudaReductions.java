package org.jgrad.cuda;

import org.jgrad.tensor.AxisSplit;
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

    /** Whether {@code reduce.cu} has the kernel: sums of every dtype, max/min of all but bool. */
    static boolean covers(ReduceOp op, DType t) {
        return op == ReduceOp.SUM || t != DType.BOOL;
    }

    static void reduce(CudaDevice device, ReduceOp op, NDArray x, boolean[] reduced, NDArray out) {
        AxisSplit s = AxisSplit.of(x, reduced);
        KernelLaunch.of("reduce_" + op.opName() + "_" + KernelNames.suffix(x.dtype()))
                .pointer(CudaBackend.base(x)).ints(Layouts.shape(s.keptShape())).ints(Layouts.strided(x.offset(), s.keptStrides()))
                .ints(Layouts.shape(s.reducedShape())).ints(Layouts.strided(0, s.reducedStrides()))
                .pointer(CudaBackend.base(out)).grid(device, blocks(out.numel()), 1, threads(Shapes.numel(s.reducedShape())), 1, 0);
    }

    static void argReduce(CudaDevice device, boolean max, NDArray x, int axis, NDArray out) {
        AxisSplit s = AxisSplit.alongAxis(x, axis);
        KernelLaunch.of((max ? "argmax_" : "argmin_") + KernelNames.suffix(x.dtype()))
                .pointer(CudaBackend.base(x)).ints(Layouts.shape(s.keptShape())).ints(Layouts.strided(x.offset(), s.keptStrides()))
                .ints(x.shape(axis)).ints(x.stride(axis))
                .pointer(CudaBackend.base(out)).grid(device, blocks(out.numel()), 1, threads(x.shape(axis)), 1, 0);
    }

    static void softmax(CudaDevice device, NDArray x, int axis, boolean log, NDArray out) {
        AxisSplit s = AxisSplit.alongAxis(x, axis);
        AxisSplit o = AxisSplit.alongAxis(out, axis);
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
