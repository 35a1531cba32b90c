package org.jgrad.tensor.cpu;

import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Half;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.UnaryOp;

/**
 * float16 elementwise loops through the float32 kernels: each block of a row is widened into a
 * float buffer (exact), the {@link FloatKernels} op runs on it, and the results are rounded once
 * to float16. Only ops whose float32 result, rounded to float16, is the correctly rounded float16
 * result take this path: add, sub, mul, div and sqrt are correctly rounded in float32, and for
 * operands with 11-bit significands rounding twice (to float32's 24 bits, then to 11) is then
 * innocuous, since 24 ≥ 2·11 + 2; maximum, minimum, neg, abs and relu are exact. Conversions
 * between float16 and float32 are one exact widening or one rounding per element.
 */
final class HalfKernels {
    /** Elements widened at a time. */
    private static final int BLOCK = 1024;

    private HalfKernels() {}

    private static short[] f16(NDArray x) {
        return ((HostStorage.F16) x.storage()).data;
    }

    /** The body of one block: {@code n} elements of row {@code starts} (operand offsets), from element {@code from} of the row. */
    private interface BlockBody {
        void run(int[] starts, int from, int n, float[][] buffers);
    }

    /** Runs {@code body} over every block of every row, in parallel, each worker with its own buffers. */
    private static void forBlocks(StridedLoop loop, int operands, int buffers, BlockBody body) {
        int inner = loop.inner(), perRow = (inner + BLOCK - 1) / BLOCK, rows = loop.rows();
        if (rows == 0 || inner == 0) return;
        long units = (long) rows * perRow;
        if (units > Integer.MAX_VALUE) throw new IllegalStateException("float16 loop too large: " + units + " blocks");
        CpuParallel.forRange((int) units, Math.max(1, ElementwiseKernels.GRAIN / BLOCK), (u0, u1) -> {
            float[][] buf = new float[buffers][BLOCK];
            int[] at = new int[operands];
            for (int u = u0; u < u1; u++) {
                int row = u / perRow, from = (u % perRow) * BLOCK;
                loop.rowStarts(row, at);
                body.run(at, from, Math.min(BLOCK, inner - from), buf);
            }
        });
    }

    private static void widen(short[] src, int start, int stride, float[] dst, int n) {
        if (stride == 1) FloatKernels.INSTANCE.fromHalf(src, start, dst, 0, n);
        else for (int j = 0, i = start; j < n; j++, i += stride) dst[j] = Half.toFloat(src[i]);
    }

    private static void round(float[] src, short[] dst, int start, int stride, int n) {
        if (stride == 1) FloatKernels.INSTANCE.toHalf(src, 0, dst, start, n);
        else for (int j = 0, i = start; j < n; j++, i += stride) dst[i] = Half.fromFloat(src[j]);
    }

    /** out = op(a, b) on float16 operands; false (nothing done) when the op or the dtypes have no such path. */
    static boolean binary(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        if (a.dtype() != DType.FLOAT16 || b.dtype() != DType.FLOAT16 || out.dtype() != DType.FLOAT16 || !FloatKernels.hasBinary(op)) return false;
        short[] as = f16(a), bs = f16(b), os = f16(out);
        StridedLoop loop = StridedLoop.of(out.shape(), a, b, out);
        int sa = loop.innerStride(0), sb = loop.innerStride(1), so = loop.innerStride(2);
        forBlocks(loop, 3, 3, (at, from, n, buf) -> {
            widen(as, at[0] + from * sa, sa, buf[0], n);
            if (sb == 0) buf[1][0] = Half.toFloat(bs[at[1]]);
            else widen(bs, at[1] + from * sb, sb, buf[1], n);
            FloatKernels.INSTANCE.binary(op, buf[0], 0, buf[1], 0, sb == 0, buf[2], 0, n);
            round(buf[2], os, at[2] + from * so, so, n);
        });
        return true;
    }

    /** out = op(x) on a float16 operand for neg, abs, sqrt and relu; false otherwise. */
    static boolean unary(UnaryOp op, NDArray x, NDArray out) {
        boolean exact = switch (op) {
            case NEG, ABS, SQRT, RELU -> true;
            default -> false;
        };
        if (!exact || x.dtype() != DType.FLOAT16 || out.dtype() != DType.FLOAT16) return false;
        short[] xs = f16(x), os = f16(out);
        StridedLoop loop = StridedLoop.of(out.shape(), x, out);
        int sx = loop.innerStride(0), so = loop.innerStride(1);
        forBlocks(loop, 2, 2, (at, from, n, buf) -> {
            widen(xs, at[0] + from * sx, sx, buf[0], n);
            if (!FloatKernels.INSTANCE.unary(op, buf[0], 0, buf[1], 0, n)) {
                for (int j = 0; j < n; j++) buf[1][j] = (float) op.apply(buf[0][j]);   // exact for these ops
            }
            round(buf[1], os, at[1] + from * so, so, n);
        });
        return true;
    }

    /** dst = src between float16 and float32 (or float16 and float16); false for other dtype pairs. */
    static boolean copy(NDArray src, NDArray dst) {
        DType from = src.dtype(), to = dst.dtype();
        if (from != DType.FLOAT16 && to != DType.FLOAT16) return false;
        if (!(from == DType.FLOAT32 || from == DType.FLOAT16) || !(to == DType.FLOAT32 || to == DType.FLOAT16)) return false;
        StridedLoop loop = StridedLoop.of(dst.shape(), src, dst);
        int ss = loop.innerStride(0), sd = loop.innerStride(1);
        Object s = HostArrays.data((HostStorage) src.storage()), d = HostArrays.data((HostStorage) dst.storage());
        forBlocks(loop, 2, 0, (at, first, n, buf) -> {
            int si = at[0] + first * ss, di = at[1] + first * sd;
            if (s instanceof short[] h && d instanceof float[] f) {
                if (ss == 1 && sd == 1) FloatKernels.INSTANCE.fromHalf(h, si, f, di, n);
                else for (int j = 0; j < n; j++, si += ss, di += sd) f[di] = Half.toFloat(h[si]);
            } else if (s instanceof float[] f && d instanceof short[] h) {
                if (ss == 1 && sd == 1) FloatKernels.INSTANCE.toHalf(f, si, h, di, n);
                else for (int j = 0; j < n; j++, si += ss, di += sd) h[di] = Half.fromFloat(f[si]);
            }
            else for (int j = 0; j < n; j++, si += ss, di += sd) ((short[]) d)[di] = ((short[]) s)[si];
        });
        return true;
    }
}
