package org.jgrad.cuda;

import jcuda.driver.CUdeviceptr;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.cpu.conv.Pool2dGeometry;

/**
 * Max and average pooling on the device through {@code pool.cu}, float16, bfloat16, float32 and
 * float64, with the CPU backend's definitions and summation orders (so its bits). Inputs are made
 * dense (a device copy where a view is not); results must be fresh dense arrays. The backward
 * passes are gathers, one thread per input element: deterministic, no atomics.
 */
final class CudaPooling {
    private CudaPooling() {}

    /** True when the kernels serve these results (dense); average pooling also needs dilation 1, as on the CPU, which rejects the rest. */
    static boolean covers(Pool2dParams p, boolean average, NDArray... results) {
        if (average && (p.dilationH() != 1 || p.dilationW() != 1)) return false;
        for (NDArray r : results) if (!r.isContiguous()) return false;
        return true;
    }

    /** out, indices (N, C, outH, outW) = max pooling of x (N, C, H, W); indices are int64 in-plane offsets ih·W + iw. */
    static void maxPool2d(CudaDevice device, NDArray x, Pool2dParams p, NDArray out, NDArray indices) {
        Pool2dGeometry g = geometry(x.shape(), p);
        NDArray dx = x.contiguous();
        KernelLaunch.of("max_pool2d_" + KernelNames.suffix(out.dtype())).pointer(first(dx)).pointer(first(out)).pointer(first(indices))
                .ints(SlidingWindow.of(g)).ints(planes(g)).overElements(device, g.outputSize());
    }

    /** gradX (N, C, H, W) = Σ of gradOut over the outputs whose maximum each input element was. */
    static void maxPool2dBackward(CudaDevice device, NDArray gradOut, NDArray indices, Pool2dParams p, NDArray gradX) {
        Pool2dGeometry g = geometry(gradX.shape(), p);
        NDArray dg = gradOut.contiguous(), di = indices.to(DType.INT64).contiguous();
        KernelLaunch.of("max_pool2d_backward_" + KernelNames.suffix(gradX.dtype())).pointer(first(dg)).pointer(first(di)).pointer(first(gradX))
                .ints(SlidingWindow.of(g)).ints(planes(g)).overElements(device, g.inputSize());
    }

    /** out (N, C, outH, outW) = average pooling of x (N, C, H, W). */
    static void avgPool2d(CudaDevice device, NDArray x, Pool2dParams p, NDArray out) {
        Pool2dGeometry g = geometry(x.shape(), p);
        NDArray dx = x.contiguous();
        KernelLaunch.of("avg_pool2d_" + KernelNames.suffix(out.dtype())).pointer(first(dx)).pointer(first(out))
                .ints(SlidingWindow.of(g)).ints(p.countIncludePad() ? 1 : 0).ints(planes(g)).overElements(device, g.outputSize());
    }

    /** gradX (N, C, H, W) of average pooling from gradOut (N, C, outH, outW). */
    static void avgPool2dBackward(CudaDevice device, NDArray gradOut, Pool2dParams p, NDArray gradX) {
        Pool2dGeometry g = geometry(gradX.shape(), p);
        NDArray dg = gradOut.contiguous();
        KernelLaunch.of("avg_pool2d_backward_" + KernelNames.suffix(gradX.dtype())).pointer(first(dg)).pointer(first(gradX))
                .ints(SlidingWindow.of(g)).ints(p.countIncludePad() ? 1 : 0).ints(planes(g)).overElements(device, g.inputSize());
    }

    /** The validated geometry of an (N, C, H, W) input; throws the CPU backend's errors. */
    static Pool2dGeometry geometry(int[] x, Pool2dParams p) {
        return Pool2dGeometry.of(x, p);
    }

    private static int planes(Pool2dGeometry g) {
        return g.n() * g.c();
    }

    /** The address of a dense array's first element. */
    private static CUdeviceptr first(NDArray a) {
        return Transfers.storage(a).pointer(a.offset());
    }
}
