package org.jgrad.tensor.cpu;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.gemm.Gemm;

/**
 * Batched matrix product on the CPU through {@link Gemm}. Each operand's matrices are passed to
 * GEMM as they lie whenever one of their two axes has stride 1 (a transposed view becomes a
 * transpose flag, not a copy); the half types are computed in float32.
 */
final class MatmulKernel {
    /** Below this many multiply-adds per matrix, batches run in parallel instead of inside GEMM. */
    private static final long SMALL_MATRIX = 1L << 18;

    private MatmulKernel() {}

    /** How GEMM sees one operand: transposed or not, and its leading dimension. */
    private record Layout(boolean transposed, int ld) {
        /** Null when neither axis of the (rows, cols) matrices has unit stride. */
        static Layout of(NDArray x) {
            int rows = x.shape(1), cols = x.shape(2), rs = x.stride(1), cs = x.stride(2);
            if (cs == 1 || cols == 1) {
                int ld = rows == 1 ? Math.max(cols, 1) : rs;
                if (ld >= cols) return new Layout(false, ld);
            }
            if (rs == 1 || rows == 1) {
                int ld = cols == 1 ? Math.max(rows, 1) : cs;
                if (ld >= rows) return new Layout(true, ld);
            }
            return null;
        }
    }

    /** out (B, M, N) = a (B, M, K) · b (B, K, N). */
    static void matmul(NDArray a, NDArray b, NDArray out) {
        if (out.dtype().isHalf()) {
            NDArray out32 = NDArray.zeros(DType.FLOAT32, out.shape());
            matmul(a.to(DType.FLOAT32), b.to(DType.FLOAT32), out32);
            ElementwiseKernels.copy(out32, out);
            return;
        }
        if (Layout.of(a) == null) a = a.copy();
        if (Layout.of(b) == null) b = b.copy();
        Layout la = Layout.of(a), lb = Layout.of(b);
        int batch = out.shape(0), m = out.shape(1), n = out.shape(2), k = a.shape(2);
        NDArray fa = a, fb = b;
        CpuParallel.RangeBody body = (b0, b1) -> {
            for (int i = b0; i < b1; i++) {
                int ao = fa.offset() + i * fa.stride(0), bo = fb.offset() + i * fb.stride(0), oo = out.offset() + i * m * n;
                if (out.dtype() == DType.FLOAT32) {
                    Gemm.sgemm(la.transposed, lb.transposed, m, n, k, ElementwiseKernels.f32(fa), ao, la.ld,
                            ElementwiseKernels.f32(fb), bo, lb.ld, ElementwiseKernels.f32(out), oo, n, false);
                } else {
                    Gemm.dgemm(la.transposed, lb.transposed, m, n, k, ((HostStorage.F64) fa.storage()).data, ao, la.ld,
                            ((HostStorage.F64) fb.storage()).data, bo, lb.ld, ((HostStorage.F64) out.storage()).data, oo, n, false);
                }
            }
        };
        if (batch > 1 && (long) m * n * k < SMALL_MATRIX) CpuParallel.forRange(batch, 1, body);
        else body.run(0, batch);
    }
}
