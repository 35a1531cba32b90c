package org.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuMemsetD8Async;

import org.jgrad.tensor.AdamStep;
import org.jgrad.tensor.Backend;
import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.RandomKind;
import org.jgrad.tensor.ReduceOp;
import org.jgrad.tensor.SgdStep;
import org.jgrad.tensor.Storage;
import org.jgrad.tensor.UnaryOp;
import org.jgrad.tensor.cpu.CpuBackend;

/**
 * The CUDA backend: every {@link Backend} primitive as hand-written kernels from
 * {@code src/main/cuda}, launched asynchronously on the device's stream. Operands stay strided
 * views (broadcast axes have stride 0) and are read in place. Combinations no kernel covers run
 * on the CPU reference through {@link HostFallback}, counted, so nothing is silently missing.
 */
public final class CudaBackend implements Backend {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;

    private final CudaDevice device;
    private final Device id;

    CudaBackend(CudaDevice device) {
        this.device = device;
        this.id = Device.cuda(device.properties().index());
    }

    /** The device this backend drives: properties, allocator, synchronization. */
    public CudaDevice cudaDevice() {
        return device;
    }

    @Override public Device device() { return id; }

    @Override
    public String describe() {
        return device.properties().describe() + "; driver CUDA " + CudaAvailability.driverVersion() + "; memory: " + device.allocator().stats()
                + (HostFallback.counts().isEmpty() ? "" : "; host fallbacks: " + HostFallback.counts());
    }

    @Override
    public void synchronize() {
        device.synchronize();
    }

    // ---- storage ----------------------------------------------------------------------------

    @Override
    public Storage allocate(DType dtype, int size) {
        CudaStorage s = new CudaStorage(device, dtype, size);
        if (size > 0) device.call("cuMemsetD8Async", () -> cuMemsetD8Async(s.pointer(0), (byte) 0, s.bytes(), null));
        return s;
    }

    @Override
    public void copy(NDArray src, NDArray dst) {
        boolean fromHost = src.device().equals(Device.CPU), toHost = dst.device().equals(Device.CPU);
        if (fromHost && !toHost) Transfers.upload(this, src, dst);
        else if (toHost && !fromHost) Transfers.download(this, src, dst);
        else if (!Layouts.fits(src, dst)) HostFallback.run("copy", new NDArray[] {src}, new NDArray[] {dst}, h -> CPU.copy(h[0], h[1]));
        else KernelLaunch.of("copy_" + KernelNames.suffix(src.dtype()) + "_" + KernelNames.suffix(dst.dtype()))
                .pointer(base(src)).ints(Layouts.strided(src))
                .pointer(base(dst)).ints(Layouts.strided(dst))
                .ints(Layouts.shape(dst.shape())).overElements(device, dst.numel());
    }

    @Override
    public void fill(NDArray dst, double value) {
        if (!Layouts.fits(dst)) {
            HostFallback.run("fill", new NDArray[0], new NDArray[] {dst}, h -> CPU.fill(h[0], value));
            return;
        }
        KernelLaunch.of("fill_" + KernelNames.suffix(dst.dtype())).pointer(base(dst)).ints(Layouts.strided(dst))
                .ints(Layouts.shape(dst.shape())).scalar(value).overElements(device, dst.numel());
    }

    /** Philox draws by {@code philox.cu}: uniform and Bernoulli bit-exact with the CPU, normals within a few ulp. */
    @Override
    public void random(RandomKind kind, long seed, long offset, double p, NDArray out) {
        String name = "philox_" + kind.name().toLowerCase(java.util.Locale.ROOT) + "_" + KernelNames.suffix(out.dtype());
        KernelLaunch launch = KernelLaunch.of(name).pointer(dense(out))
                .ints(out.numel()).int64(seed).int64(offset);
        if (kind == RandomKind.BERNOULLI) launch.scalar(p);
        launch.overElements(device, out.numel());
    }

    // ---- elementwise ------------------------------------------------------------------------

    // tour:begin unary-launch
    @Override
    public void unary(UnaryOp op, NDArray x, NDArray out) {
        boolean kernel = x.dtype().isFloating() || (op.keepsIntegers() && x.dtype() != DType.BOOL);
        if (!kernel || !Layouts.fits(x)) {
            HostFallback.run("unary " + op.opName() + " " + x.dtype(), new NDArray[] {x}, new NDArray[] {out}, h -> CPU.unary(op, h[0], h[1]));
            return;
        }
        KernelLaunch.of("unary_" + op.opName() + "_" + KernelNames.suffix(x.dtype()))
                .pointer(base(x)).ints(Layouts.strided(x)).pointer(base(out)).ints(Layouts.shape(out.shape()))
                .overElements(device, out.numel());
    }
    // tour:end unary-launch

    @Override
    public void binary(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        DType compute = op.computeType(a.dtype(), b.dtype());
        if (!ElementwiseCoverage.hasBinaryKernel(op, compute) || !Layouts.fits(out)) {
            HostFallback.run("binary " + op.opName() + " " + compute, new NDArray[] {a, b}, new NDArray[] {out},
                    h -> CPU.binary(op, h[0], h[1], h[2]));
            return;
        }
        NDArray ca = a.to(compute), cb = b.to(compute);
        KernelLaunch.of("binary_" + op.opName() + "_" + KernelNames.suffix(compute))
                .pointer(base(ca)).ints(Layouts.strided(ca)).pointer(base(cb)).ints(Layouts.strided(cb))
                .pointer(base(out)).ints(Layouts.shape(out.shape())).overElements(device, out.numel());
    }

    @Override
    public void where(NDArray cond, NDArray a, NDArray b, NDArray out) {
        if (!Layouts.fits(out)) {
            HostFallback.run("where", new NDArray[] {cond, a, b}, new NDArray[] {out}, h -> CPU.where(h[0], h[1], h[2], h[3]));
            return;
        }
        KernelLaunch.of("where_w" + out.dtype().byteSize())
                .pointer(base(cond)).ints(Layouts.strided(cond)).pointer(base(a)).ints(Layouts.strided(a))
                .pointer(base(b)).ints(Layouts.strided(b)).pointer(base(out)).ints(Layouts.shape(out.shape()))
                .overElements(device, out.numel());
    }

    // ---- reductions -------------------------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, NDArray x, boolean[] reduced, NDArray out) {
        if (!CudaReductions.covers(op, x.dtype()) || !Layouts.fits(x) || out.numel() == 0) {
            if (out.numel() > 0)
                HostFallback.run("reduce " + op.opName() + " " + x.dtype(), new NDArray[] {x}, new NDArray[] {out}, h -> CPU.reduce(op, h[0], reduced, h[1]));
            return;
        }
        CudaReductions.reduce(device, op, x, reduced, out);
    }

    @Override
    public void argReduce(boolean max, NDArray x, int axis, NDArray out) {
        String op = max ? "argmax" : "argmin";
        if (x.dtype() == DType.BOOL || !Layouts.fits(x)) {
            HostFallback.run(op + " " + x.dtype(), new NDArray[] {x}, new NDArray[] {out}, h -> CPU.argReduce(max, h[0], axis, h[1]));
            return;
        }
        if (out.numel() > 0) CudaReductions.argReduce(device, max, x, axis, out);
    }

    @Override
    public void softmax(NDArray x, int axis, boolean log, NDArray out) {
        if (!Layouts.fits(x)) {
            HostFallback.run(log ? "log_softmax" : "softmax", new NDArray[] {x}, new NDArray[] {out}, h -> CPU.softmax(h[0], axis, log, h[1]));
            return;
        }
        if (out.numel() > 0) CudaReductions.softmax(device, x, axis, log, out);
    }

    // ---- linear algebra and convolution -----------------------------------------------------

    @Override
    public void matmul(NDArray a, NDArray b, NDArray out) {
        CudaMatmul.matmul(device, a, b, out);
    }

    @Override
    public void conv2d(NDArray x, NDArray w, Conv2dParams p, NDArray out) {
        if (!CudaConvolution.covers(x, w, p, out)) {
            HostFallback.run("conv2d", new NDArray[] {x, w}, new NDArray[] {out}, h -> CPU.conv2d(h[0], h[1], p, h[2]));
            return;
        }
        CudaConvolution.forward(device, x, w, p, out);
    }

    @Override
    public void conv2dInputGrad(NDArray gradOut, NDArray w, Conv2dParams p, NDArray gradX) {
        if (!CudaConvolution.covers(gradX, w, p, gradX)) {
            HostFallback.run("conv2d_input_grad", new NDArray[] {gradOut, w}, new NDArray[] {gradX}, h -> CPU.conv2dInputGrad(h[0], h[1], p, h[2]));
            return;
        }
        CudaConvolution.inputGrad(device, gradOut, w, p, gradX);
    }

    @Override
    public void conv2dWeightGrad(NDArray x, NDArray gradOut, Conv2dParams p, NDArray gradW) {
        if (!CudaConvolution.covers(x, gradW, p, gradW)) {
            HostFallback.run("conv2d_weight_grad", new NDArray[] {x, gradOut}, new NDArray[] {gradW}, h -> CPU.conv2dWeightGrad(h[0], h[1], p, h[2]));
            return;
        }
        CudaConvolution.weightGrad(device, x, gradOut, p, gradW);
    }

    @Override
    public void maxPool2d(NDArray x, Pool2dParams p, NDArray out, NDArray indices) {
        if (!CudaPooling.covers(p, false, out, indices)) {
            HostFallback.run("max_pool2d", new NDArray[] {x}, new NDArray[] {out, indices}, h -> CPU.maxPool2d(h[0], p, h[1], h[2]));
            return;
        }
        CudaPooling.maxPool2d(device, x, p, out, indices);
    }

    @Override
    public void maxPool2dBackward(NDArray gradOut, NDArray indices, Pool2dParams p, NDArray gradX) {
        if (!CudaPooling.covers(p, false, gradX)) {
            HostFallback.run("max_pool2d_backward", new NDArray[] {gradOut, indices}, new NDArray[] {gradX},
                    h -> CPU.maxPool2dBackward(h[0], h[1], p, h[2]));
            return;
        }
        CudaPooling.maxPool2dBackward(device, gradOut, indices, p, gradX);
    }

    @Override
    public void avgPool2d(NDArray x, Pool2dParams p, NDArray out) {
        if (!CudaPooling.covers(p, true, out)) {
            HostFallback.run("avg_pool2d", new NDArray[] {x}, new NDArray[] {out}, h -> CPU.avgPool2d(h[0], p, h[1]));
            return;
        }
        CudaPooling.avgPool2d(device, x, p, out);
    }

    @Override
    public void avgPool2dBackward(NDArray gradOut, Pool2dParams p, NDArray gradX) {
        if (!CudaPooling.covers(p, true, gradX)) {
            HostFallback.run("avg_pool2d_backward", new NDArray[] {gradOut}, new NDArray[] {gradX}, h -> CPU.avgPool2dBackward(h[0], p, h[1]));
            return;
        }
        CudaPooling.avgPool2dBackward(device, gradOut, p, gradX);
    }

    // ---- indexing ---------------------------------------------------------------------------

    @Override
    public void gather(NDArray x, int axis, NDArray index, NDArray out) {
        if (!Layouts.fits(x, index, out) || index.dtype() != DType.INT64) {
            HostFallback.run("gather", new NDArray[] {x, index}, new NDArray[] {out}, h -> CPU.gather(h[0], axis, h[1], h[2]));
            return;
        }
        CudaIndexing.gather(device, x, axis, index, out);
    }

    @Override
    public void scatterAdd(NDArray dst, int axis, NDArray index, NDArray src) {
        CudaIndexing.ScatterKernel kernel = CudaIndexing.scatterKernel(dst.dtype(), index.shape(), axis, dst.shape(axis));
        if (!Layouts.fits(dst, index, src) || index.dtype() != DType.INT64 || kernel == CudaIndexing.ScatterKernel.HOST) {
            HostFallback.run("scatter_add " + dst.dtype(), new NDArray[] {index, src}, new NDArray[] {dst}, h -> CPU.scatterAdd(h[2], axis, h[0], h[1]));
            return;
        }
        CudaIndexing.scatterAdd(device, kernel, dst, axis, index, src);
    }

    @Override
    public void indexSelect(NDArray x, int axis, NDArray index, NDArray out) {
        if (!Layouts.fits(x, out) || index.dtype() != DType.INT64) {
            HostFallback.run("index_select", new NDArray[] {x, index}, new NDArray[] {out}, h -> CPU.indexSelect(h[0], axis, h[1], h[2]));
            return;
        }
        CudaIndexing.indexSelect(device, x, axis, index, out);
    }

    /** The device address of a view's storage (element 0); views add their offset through {@link Layouts#strided}. */
    static jcuda.driver.CUdeviceptr base(NDArray a) {
        return Transfers.storage(a).pointer(0);
    }

    // ---- optimizer updates (optim.cu) --------------------------------------------------------

    /** One fused kernel, bit-identical to the composed reference, when all four arrays are dense float32/float64 of one dtype. */
    @Override
    public void adamUpdate(NDArray p, NDArray grad, NDArray m, NDArray v, AdamStep h) {
        if (!fusable(p, grad, m, v)) {
            Backend.super.adamUpdate(p, grad, m, v, h);
            return;
        }
        KernelLaunch.of("adam_update_" + KernelNames.suffix(p.dtype()))
                .pointer(dense(p)).pointer(dense(grad)).pointer(dense(m)).pointer(dense(v)).ints(p.numel())
                .scalar(h.lr()).scalar(h.beta1()).scalar(h.beta2()).scalar(h.eps()).scalar(h.weightDecay()).ints(h.decoupled() ? 1 : 0)
                .scalar(h.biasCorrection1()).scalar(h.biasCorrection2()).overElements(device, p.numel());
        bumpVersions(p, m, v);
    }

    @Override
    public void sgdUpdate(NDArray p, NDArray grad, NDArray buf, SgdStep h) {
        boolean fusable = buf == null ? fusable(p, grad) : fusable(p, grad, buf);
        if (!fusable) {
            Backend.super.sgdUpdate(p, grad, buf, h);
            return;
        }
        KernelLaunch.of("sgd_update_" + KernelNames.suffix(p.dtype()))
                .pointer(dense(p)).pointer(dense(grad)).pointer(buf == null ? dense(p) : dense(buf)).ints(p.numel())
                .scalar(h.lr()).scalar(h.momentum()).scalar(h.dampening()).scalar(h.weightDecay())
                .ints(h.nesterov() ? 1 : 0).ints(h.firstStep() ? 1 : 0).overElements(device, p.numel());
        if (buf == null) bumpVersions(p);
        else bumpVersions(p, buf);
    }

    private static boolean fusable(NDArray... arrays) {
        DType t = arrays[0].dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        for (NDArray a : arrays)
            if (a.dtype() != t || !a.isContiguous() || a.numel() != arrays[0].numel() || !(a.storage() instanceof CudaStorage)) return false;
        return true;
    }

    /** The address of a dense array's first element. */
    private static jcuda.driver.CUdeviceptr dense(NDArray a) {
        return Transfers.storage(a).pointer(a.offset());
    }

    /** A fused kernel writes in place as {@code assign} would: autograd must see the new versions. */
    private static void bumpVersions(NDArray... written) {
        for (NDArray a : written) a.markWritten();
    }
}
