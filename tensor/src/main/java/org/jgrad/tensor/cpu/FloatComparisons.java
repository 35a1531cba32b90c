package org.jgrad.tensor.cpu;

import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;

/**
 * Comparisons of float32 or half-type operands into bool, over any strides, on the arrays
 * themselves: the generic loop reads both operands through {@link HostStorage#getDouble} and
 * writes through {@link HostStorage#setLong} per element, which made ReLU's backward mask
 * ({@code x > 0}) one of the slowest ops of a training step. Rows are cut into blocks that run in
 * parallel ({@link RowBlocks}); half-type blocks are widened (exact) and compared as
 * floats. Java's float comparisons are IEEE 754's, as the ops define them: every comparison with NaN is false, except {@code ne}, which is true.
 */
final class FloatComparisons {
    private FloatComparisons() {}

    /** out = op(a, b) for a comparison op on float32 or half-type a and b of one dtype; false (nothing done) otherwise. */
    static boolean compare(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        if (op.kind() != BinaryOp.Kind.COMPARISON || a.dtype() != b.dtype() || out.dtype() != DType.BOOL) return false;
        HalfFormat half = HalfFormat.of(a.dtype());
        if (a.dtype() != DType.FLOAT32 && half == null) return false;
        Object as = HostArrays.data((HostStorage) a.storage()), bs = HostArrays.data((HostStorage) b.storage());
        byte[] os = ((HostStorage.Bool) out.storage()).data;
        StridedLoop loop = StridedLoop.of(out.shape(), a, b, out);
        int sa = loop.innerStride(0), sb = loop.innerStride(1), so = loop.innerStride(2);
        // blocks of rows, in parallel even when the whole array is one contiguous row
        RowBlocks.forEach(loop, 3, half == null ? 0 : 2, (at, from, n, buf) -> {
            int ai = at[0] + from * sa, bi = at[1] + from * sb, oi = at[2] + from * so;
            if (half == null) {
                row(op, (float[]) as, ai, sa, (float[]) bs, bi, sb, os, oi, so, n);
            } else {
                half.widen((short[]) as, ai, sa, buf[0], 0, 1, n);
                half.widen((short[]) bs, bi, sb, buf[1], 0, 1, sb == 0 ? 1 : n);
                row(op, buf[0], 0, 1, buf[1], 0, sb == 0 ? 0 : 1, os, oi, so, n);
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
