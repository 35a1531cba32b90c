package org.jgrad.cuda;

import jcuda.driver.CUdeviceptr;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.CpuBackend;

/**
 * Matrix products on the device through {@code matmul.cu}'s tiled GEMM: float32, float64, and the
 * half types float16 and bfloat16 (staged and accumulated in float32, rounded once, as the CPU
 * backend computes them); on devices of compute capability 8.0 or more the half types run on
 * tensor cores instead ({@code matmul_tc.cu}: mma.sync with float32 accumulators, rounded once), unless
 * {@code -Djgrad.cuda.tensorCores=false}.
 */
final class CudaMatmul {
    /** The system property that turns the tensor-core kernels off ({@code false}); read at every launch. */
    static final String TENSOR_CORES_PROPERTY = "jgrad.cuda.tensorCores";

    private CudaMatmul() {}

    /** out (B, M, N) = a (B, M, K) · b (B, K, N); any strides (transposed views, broadcast batches of stride 0); out of a's dtype. */
    static void matmul(CudaDevice device, NDArray a, NDArray b, NDArray out) {
        if (!GemmSize.fits(out.shape(1), out.shape(2), a.shape(2))) { // a vector of nearly 2^31 elements: the host's loops take it
            HostFallback.run("matmul " + out.dtype() + " extents above " + GemmSize.MAX_EXTENT, new NDArray[] {a, b}, new NDArray[] {out},
                    h -> CpuBackend.INSTANCE.matmul(h[0], h[1], h[2]));
            return;
        }
        GemmSize size = new GemmSize(out.shape(0), 1, 1, out.shape(1), out.shape(2), a.shape(2));
        gemm(device, out.dtype(), CudaBackend.base(a), GemmOperand.ofBatch(a), CudaBackend.base(b), GemmOperand.ofBatch(b),
                CudaBackend.base(out), GemmOperand.ofBatch(out), size, false);
    }

    /** C = (accumulate ? C : 0) + Σ_s A·B for every batch of {@code size}; see {@link GemmOperand} for the layouts. */
    static void gemm(CudaDevice device, DType dtype, CUdeviceptr a, GemmOperand al, CUdeviceptr b, GemmOperand bl,
                     CUdeviceptr c, GemmOperand cl, GemmSize size, boolean accumulate) {
        long blocks = size.blocks();
        if (blocks == 0) return;
        if (blocks > Integer.MAX_VALUE) throw new IllegalStateException("matmul: " + size + " needs " + blocks + " blocks, more than a grid holds");
        boolean tensorCores = usesTensorCores(dtype, device.properties().computeCapability());
        KernelLaunch.of((tensorCores ? "matmul_tc_" : "matmul_") + KernelNames.suffix(dtype))
                .pointer(a).ints(al.packed()).pointer(b).ints(bl.packed()).pointer(c).ints(cl.packed())
                .ints(size.inner()).ints(size.sums()).ints(size.m()).ints(size.n()).ints(size.k()).ints(accumulate ? 1 : 0)
                .grid(device, (int) blocks, 1, tensorCores ? GemmSize.TENSOR_CORE_THREADS : GemmSize.THREADS, 1, 0);
    }

    /**
     * True when {@code matmul_tc.cu} computes products of {@code dtype} on a device of this compute
     * capability (major·10 + minor): float16 and bfloat16 from 8.0 on (sm_75 lacks the m16n8k16
     * shape), unless {@value #TENSOR_CORES_PROPERTY} is {@code false}.
     */
    static boolean usesTensorCores(DType dtype, int computeCapability) {
        return dtype.isHalf() && computeCapability >= 80
                && !"false".equalsIgnoreCase(System.getProperty(TENSOR_CORES_PROPERTY));
    }
}
