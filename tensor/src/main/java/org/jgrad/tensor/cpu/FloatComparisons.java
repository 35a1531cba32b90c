package org.jgrad.tensor.cpu;

import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;

/**
 * Comparisons of float32 operands into bool, over any strides, on the arrays themselves: the
 * generic loop reads both operands through {@link HostStorage#getDouble} and writes through
 * {@link HostStorage#setLong} per element, which made ReLU's backward mask ({@code x > 0}) one of
 * the slowest ops of a training step. Java's float comparisons are IEEE 754's, as the ops define
 * them: every comparison with NaN is false, except {@code ne}, which is true.
 */
final class FloatComparisons {
    private FloatComparisons() {}

    /** out = op(a, b) for a comparison op on float32 a and b; false (nothing done) for other ops or dtypes. */
    static boolean compare(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        if (op.kind() != BinaryOp.Kind.COMPARISON || a.dtype() != DType.FLOAT32 || b.dtype() != DType.FLOAT32 || out.dtype() != DType.BOOL)
            return false;
        float[] as = ElementwiseKernels.f32(a), bs = ElementwiseKernels.f32(b);
        byte[] os = ((HostStorage.Bool) out.storage()).data;
        StridedLoop loop = StridedLoop.of(out.shape(), a, b, out);
        int sa = loop.innerStride(0), sb = loop.innerStride(1), so = loop.innerStride(2), inner = loop.inner();
        CpuParallel.forRange(loop.rows(), loop.rowGrain(ElementwiseKernels.GRAIN), (r0, r1) -> {
            int[] at = new int[3];
            for (int r = r0; r < r1; r++) {
                loop.rowStarts(r, at);
                row(op, as, at[0], sa, bs, at[1], sb, os, at[2], so, inner);
            }
        });
        return true;
    }

    /** One row: the op chosen once, then a loop the JIT can keep tight. */
    private static void row(BinaryOp op, float[] a, int ai, int sa, float[] b, int bi, int sb, byte[] o, int oi, int so, int n) {
        switch (op) {
            case EQ -> { for (int j = 0; j < n; j++, ai += sa, bi += sb, oi += so) o[oi] = (byte) (a[ai] == b[bi] ? 1 : 0); }
            case NE -> { for (int j = 0; j < n; j++, ai += sa, bi += sb, oi += so) o[oi] = (byte) (a[ai] != b[bi] ? 1 : 0); }
            case LT -> { for (int j = 0; j < n; j++, ai += sa, bi += sb, oi += so) o[oi] = (byte) (a[ai] < b[bi] ? 1 : 0); }
            case LE -> { for (int j = 0; j < n; j++, ai += sa, bi += sb, oi += so) o[oi] = (byte) (a[ai] <= b[bi] ? 1 : 0); }
            case GT -> { for (int j = 0; j < n; j++, ai += sa, bi += sb, oi += so) o[oi] = (byte) (a[ai] > b[bi] ? 1 : 0); }
            case GE -> { for (int j = 0; j < n; j++, ai += sa, bi += sb, oi += so) o[oi] = (byte) (a[ai] >= b[bi] ? 1 : 0); }
            default -> throw new IllegalStateException("not a comparison: " + op);
        }
    }
}
