package org.jgrad.tensor.cpu;

import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.cpu.conv.Conv2dGeometry;
import org.jgrad.tensor.cpu.conv.Conv2dKernels;
import org.jgrad.tensor.cpu.conv.Pool2dGeometry;
import org.jgrad.tensor.cpu.conv.Pool2dKernels;

/**
 * Connects {@link NDArray} operands to the array-level kernels of {@code cpu.conv}: operands become
 * dense arrays (offset 0, row-major); the half types are computed in float32 and written back.
 */
final class ConvKernels {
    private ConvKernels() {}

    /** The array behind x if x is dense from offset 0, else a dense copy's; a half type becomes float32. */
    private static Object dense(NDArray x) {
        NDArray d = x.dtype().isHalf() ? x.to(DType.FLOAT32) : x;
        if (!(d.isContiguous() && d.offset() == 0 && d.storage().size() == d.numel())) d = d.copy();
        return HostArrays.data((HostStorage) d.storage());
    }

    /** Runs {@code kernel} with out as a dense float32/float64 array, writing half-type results back. */
    private static void withOutput(NDArray out, java.util.function.Consumer<Object> kernel) {
        if (!out.dtype().isHalf()) {
            kernel.accept(HostArrays.data((HostStorage) out.storage()));
            return;
        }
        NDArray out32 = NDArray.zeros(DType.FLOAT32, out.shape());
        kernel.accept(((HostStorage.F32) out32.storage()).data);
        ElementwiseKernels.copy(out32, out);
    }

    private static Conv2dGeometry geometry(int[] x, int[] w, Conv2dParams p) {
        return Conv2dGeometry.of(x[0], x[1], x[2], x[3], w[0], w[2], w[3],
                p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.groups());
    }

    private static Pool2dGeometry geometry(int[] x, Pool2dParams p) {
        return Pool2dGeometry.of(x, p);
    }

    static void conv2d(NDArray x, NDArray w, Conv2dParams p, NDArray out) {
        Conv2dGeometry g = geometry(x.shape(), w.shape(), p);
        Object xs = dense(x), ws = dense(w);
        withOutput(out, os -> {
            if (os instanceof float[] o) Conv2dKernels.forward(g, (float[]) xs, (float[]) ws, o);
            else Conv2dKernels.forward(g, (double[]) xs, (double[]) ws, (double[]) os);
        });
    }

    static void conv2dInputGrad(NDArray gradOut, NDArray w, Conv2dParams p, NDArray gradX) {
        Conv2dGeometry g = geometry(gradX.shape(), w.shape(), p);
        Object gs = dense(gradOut), ws = dense(w);
        withOutput(gradX, os -> {
            if (os instanceof float[] o) Conv2dKernels.inputGrad(g, (float[]) gs, (float[]) ws, o);
            else Conv2dKernels.inputGrad(g, (double[]) gs, (double[]) ws, (double[]) os);
        });
    }

    static void conv2dWeightGrad(NDArray x, NDArray gradOut, Conv2dParams p, NDArray gradW) {
        Conv2dGeometry g = geometry(x.shape(), gradW.shape(), p);
        Object xs = dense(x), gs = dense(gradOut);
        withOutput(gradW, os -> {
            if (os instanceof float[] o) Conv2dKernels.weightGrad(g, (float[]) xs, (float[]) gs, o);
            else Conv2dKernels.weightGrad(g, (double[]) xs, (double[]) gs, (double[]) os);
        });
    }

    static void maxPool2d(NDArray x, Pool2dParams p, NDArray out, NDArray indices) {
        Pool2dGeometry g = geometry(x.shape(), p);
        Object xs = dense(x);
        long[] idx = ((HostStorage.I64) indices.storage()).data;
        withOutput(out, os -> {
            if (os instanceof float[] o) Pool2dKernels.maxForward(g, (float[]) xs, o, idx);
            else Pool2dKernels.maxForward(g, (double[]) xs, (double[]) os, idx);
        });
    }

    static void maxPool2dBackward(NDArray gradOut, NDArray indices, Pool2dParams p, NDArray gradX) {
        Pool2dGeometry g = geometry(gradX.shape(), p);
        Object gs = dense(gradOut);
        long[] idx = (long[]) dense(indices.to(DType.INT64));
        withOutput(gradX, os -> {
            if (os instanceof float[] o) Pool2dKernels.maxBackward(g, (float[]) gs, idx, o);
            else Pool2dKernels.maxBackward(g, (double[]) gs, idx, (double[]) os);
        });
    }

    static void avgPool2d(NDArray x, Pool2dParams p, NDArray out) {
        Pool2dGeometry g = geometry(x.shape(), p);
        Object xs = dense(x);
        withOutput(out, os -> {
            if (os instanceof float[] o) Pool2dKernels.avgForward(g, p.countIncludePad(), (float[]) xs, o);
            else Pool2dKernels.avgForward(g, p.countIncludePad(), (double[]) xs, (double[]) os);
        });
    }

    static void avgPool2dBackward(NDArray gradOut, Pool2dParams p, NDArray gradX) {
        Pool2dGeometry g = geometry(gradX.shape(), p);
        Object gs = dense(gradOut);
        withOutput(gradX, os -> {
            if (os instanceof float[] o) Pool2dKernels.avgBackward(g, p.countIncludePad(), (float[]) gs, o);
            else Pool2dKernels.avgBackward(g, p.countIncludePad(), (double[]) gs, (double[]) os);
        });
    }
}
