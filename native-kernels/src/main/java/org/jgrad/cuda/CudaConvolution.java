package org.jgrad.cuda;

import java.util.function.Consumer;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.conv.Conv2dGeometry;

/**
 * conv2d and its gradients on the device: {@link Im2colConvolution} driving the kernels of
 * {@code conv.cu} (im2col, col2im as a gather) and {@code matmul.cu}. float32 and float64 run
 * natively; the half types (float16, bfloat16) are widened to float32 and the result rounded once,
 * like the CPU backend.
 * Operands are made dense (a device copy where a view is not); results must be fresh dense arrays.
 */
final class CudaConvolution implements ConvolutionSteps<CudaStorage> {
    private final CudaDevice device;
    private final DType dtype;

    private CudaConvolution(CudaDevice device, DType dtype) {
        this.device = device;
        this.dtype = dtype;
    }

    /** True when the kernels serve this geometry into {@code result} (dense; one sample's columns indexable with int). */
    static boolean covers(NDArray x, NDArray w, Conv2dParams p, NDArray result) {
        return result.isContiguous() && Im2colConvolution.fits(geometry(x.shape(), w.shape(), p));
    }

    static void forward(CudaDevice device, NDArray x, NDArray w, Conv2dParams p, NDArray out) {
        Conv2dGeometry g = geometry(x.shape(), w.shape(), p);
        computeIn(out, o -> {
            NDArray dx = dense(x, o.dtype()), dw = dense(w, o.dtype());
            driver(device, g, o.dtype()).forward(storage(dx), dx.offset(), storage(dw), dw.offset(), storage(o), o.offset());
        });
    }

    static void inputGrad(CudaDevice device, NDArray gradOut, NDArray w, Conv2dParams p, NDArray gradX) {
        Conv2dGeometry g = geometry(gradX.shape(), w.shape(), p);
        computeIn(gradX, o -> {
            NDArray dg = dense(gradOut, o.dtype()), dw = dense(w, o.dtype());
            driver(device, g, o.dtype()).inputGrad(storage(dg), dg.offset(), storage(dw), dw.offset(), storage(o), o.offset());
        });
    }

    static void weightGrad(CudaDevice device, NDArray x, NDArray gradOut, Conv2dParams p, NDArray gradW) {
        Conv2dGeometry g = geometry(x.shape(), gradW.shape(), p);
        computeIn(gradW, o -> {
            NDArray dx = dense(x, o.dtype()), dg = dense(gradOut, o.dtype());
            driver(device, g, o.dtype()).weightGrad(storage(dx), dx.offset(), storage(dg), dg.offset(), storage(o), o.offset());
        });
    }

    /** The validated geometry of x (N, Cin, H, W) and w (Cout, Cin/groups, kH, kW); throws the CPU backend's errors. */
    static Conv2dGeometry geometry(int[] x, int[] w, Conv2dParams p) {
        return Conv2dGeometry.of(x[0], x[1], x[2], x[3], w[0], w[2], w[3], p.strideH(), p.strideW(), p.padH(), p.padW(),
                p.dilationH(), p.dilationW(), p.groups());
    }

    /** Runs {@code body} on result itself, or for a half type on a float32 twin that is then rounded into result. */
    private static void computeIn(NDArray result, Consumer<NDArray> body) {
        if (!result.dtype().isHalf()) {
            body.accept(result);
            return;
        }
        NDArray wide = NDArray.zeros(DType.FLOAT32, result.device(), result.shape());
        body.accept(wide);
        result.backend().copy(wide, result);
    }

    private static NDArray dense(NDArray a, DType dtype) {
        return a.to(dtype).contiguous();
    }

    private static CudaStorage storage(NDArray a) {
        return Transfers.storage(a);
    }

    private static Im2colConvolution<CudaStorage> driver(CudaDevice device, Conv2dGeometry g, DType dtype) {
        return new Im2colConvolution<>(g, new CudaConvolution(device, dtype), Im2colConvolution.COLUMN_BUDGET);
    }

    // ---- the steps on the device ------------------------------------------------------------

    @Override
    public CudaStorage scratch(int elements) {
        return new CudaStorage(device, dtype, elements);
    }

    @Override
    public void release(CudaStorage buffer) {
        buffer.close(); // one stream: a later user of the block runs after the kernels enqueued on it
    }

    @Override
    public void im2col(CudaStorage x, int xOffset, CudaStorage columns, int[] window, int planes) {
        long elements = (long) planes * window[4] * window[5] * window[2] * window[3];
        KernelLaunch.of("conv2d_im2col_" + KernelNames.suffix(dtype)).pointer(x.pointer(xOffset)).pointer(columns.pointer(0))
                .ints(window).ints(planes).overElements(device, elements);
    }

    @Override
    public void col2im(CudaStorage columns, CudaStorage gradX, int gradXOffset, int[] window, int planes) {
        long elements = (long) planes * window[0] * window[1];
        KernelLaunch.of("conv2d_col2im_" + KernelNames.suffix(dtype)).pointer(columns.pointer(0)).pointer(gradX.pointer(gradXOffset))
                .ints(window).ints(planes).overElements(device, elements);
    }

    @Override
    public void gemm(CudaStorage a, GemmOperand al, CudaStorage b, GemmOperand bl, CudaStorage c, GemmOperand cl, GemmSize size, boolean accumulate) {
        CudaMatmul.gemm(device, dtype, a.pointer(0), al, b.pointer(0), bl, c.pointer(0), cl, size, accumulate);
    }
}
