package org.jgrad.cuda;

import org.jgrad.cuda.Im2colConvolution.Pass;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.conv.Conv2dGeometry;

/**
 * conv2d and its gradients on the device: {@link Im2colConvolution} driving the kernels of
 * {@code conv.cu} (im2col, col2im as a gather) and {@code matmul.cu} / {@code matmul_tc.cu}.
 * float32 and float64 run natively. The half types (float16, bfloat16) must match the CPU backend,
 * which widens to float32, computes and rounds each result once; so they run in the half type
 * itself wherever every result comes out of one GEMM store ({@link Im2colConvolution#storesEachResultOnce}):
 * im2col copies halves exactly, and the GEMM (on tensor cores from compute capability 8.0, else
 * {@code matmul.cu}'s half-type kernel) multiplies halves exactly in float32 (2·11 significant bits
 * at most), sums in float32 and rounds its store once. That is the CPU's computation but for the
 * summation order, which the conformance tolerance allows for. So it runs:
 * <ul>
 *   <li>the forward pass always;
 *   <li>the weight gradient when one GEMM launch sums all samples (all in one chunk of the column
 *       budget, or the 1×1 shortcut). Over several chunks each launch would round its partial sum
 *       to the half type before the next adds to it; those run on float32 copies instead, whose
 *       partial sums stay float32 (like the CPU's) until the one final rounding;
 *   <li>the input gradient only in the 1×1 shortcut; otherwise col2im adds up the column entries
 *       W_gᵀ·G, which a half-type GEMM would already have rounded (up to kH·kW roundings, then a
 *       sum of rounded values), so it runs on float32 copies and is rounded once at the end.
 * </ul>
 * The float32 route widens the operands (exactly), computes into a float32 twin of the result and
 * rounds that into the result. Operands are made dense (a device copy where a view is not); results must be
 * fresh dense arrays.
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
        run(device, Pass.FORWARD, geometry(x.shape(), w.shape(), p), x, w, out);
    }

    static void inputGrad(CudaDevice device, NDArray gradOut, NDArray w, Conv2dParams p, NDArray gradX) {
        run(device, Pass.INPUT_GRAD, geometry(gradX.shape(), w.shape(), p), gradOut, w, gradX);
    }

    static void weightGrad(CudaDevice device, NDArray x, NDArray gradOut, Conv2dParams p, NDArray gradW) {
        run(device, Pass.WEIGHT_GRAD, geometry(x.shape(), gradW.shape(), p), x, gradOut, gradW);
    }

    /**
     * The dtype {@code pass} computes in for a result of dtype {@code t} from operands of dtypes
     * a and b: t itself, except float32 for a half type whose pass would round a result more than
     * once, or whose operands are of another dtype (rounding them to t would round the inputs).
     */
    static DType computeType(Pass pass, Conv2dGeometry g, DType t, DType a, DType b) {
        boolean roundsOnce = a == t && b == t && Im2colConvolution.storesEachResultOnce(pass, g, Im2colConvolution.COLUMN_BUDGET);
        return t.isHalf() && !roundsOnce ? DType.FLOAT32 : t;
    }

    /** Runs {@code pass} from operands a, b into result, in {@link #computeType}: on result itself, or on a float32 twin then rounded into it. */
    private static void run(CudaDevice device, Pass pass, Conv2dGeometry g, NDArray a, NDArray b, NDArray result) {
        DType t = computeType(pass, g, result.dtype(), a.dtype(), b.dtype());
        NDArray target = t == result.dtype() ? result : NDArray.zeros(t, result.device(), result.shape());
        NDArray da = dense(a, t), db = dense(b, t);
        Im2colConvolution<CudaStorage> driver = driver(device, g, t);
        CudaStorage sa = storage(da), sb = storage(db), so = storage(target);
        switch (pass) {
            case FORWARD -> driver.forward(sa, da.offset(), sb, db.offset(), so, target.offset());
            case INPUT_GRAD -> driver.inputGrad(sa, da.offset(), sb, db.offset(), so, target.offset());
            case WEIGHT_GRAD -> driver.weightGrad(sa, da.offset(), sb, db.offset(), so, target.offset());
        }
        if (target != result) result.backend().copy(target, result);
    }

    /** The validated geometry of x (N, Cin, H, W) and w (Cout, Cin/groups, kH, kW); throws the CPU backend's errors. */
    static Conv2dGeometry geometry(int[] x, int[] w, Conv2dParams p) {
        return Conv2dGeometry.of(x[0], x[1], x[2], x[3], w[0], w[2], w[3], p.strideH(), p.strideW(), p.padH(), p.padW(),
                p.dilationH(), p.dilationW(), p.groups());
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
        // conv.cu counts planes·kH·kW·outH·outW in int: Im2colConvolution's chunks keep it below 2^31
        long elements = Layouts.elementCount("conv2d_im2col", (long) planes * window[4] * window[5] * window[2] * window[3]);
        KernelLaunch.of("conv2d_im2col_" + KernelNames.suffix(dtype)).pointer(x.pointer(xOffset)).pointer(columns.pointer(0))
                .ints(window).ints(planes).overElements(device, elements);
    }

    @Override
    public void col2im(CudaStorage columns, CudaStorage gradX, int gradXOffset, int[] window, int planes) {
        long elements = Layouts.elementCount("conv2d_col2im", (long) planes * window[0] * window[1]);
        KernelLaunch.of("conv2d_col2im_" + KernelNames.suffix(dtype)).pointer(columns.pointer(0)).pointer(gradX.pointer(gradXOffset))
                .ints(window).ints(planes).overElements(device, elements);
    }

    @Override
    public void gemm(CudaStorage a, GemmOperand al, CudaStorage b, GemmOperand bl, CudaStorage c, GemmOperand cl, GemmSize size, boolean accumulate) {
        CudaMatmul.gemm(device, dtype, a.pointer(0), al, b.pointer(0), bl, c.pointer(0), cl, size, accumulate);
    }
}
