package org.jgrad.tensor.cpu;

import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.UnaryOp;

/**
 * Elementwise loops on the half types (float16, bfloat16) through the float32 kernels: each block
 * of a row is widened into a float buffer (exact), the {@link FloatKernels} op runs on it, and the
 * results are rounded once to the half type. Only ops whose float32 result, rounded to the half
 * type, is the correctly rounded half result take this path: add, sub, mul, div and sqrt are
 * correctly rounded in float32, and for operands with p-bit significands rounding twice (to
 * float32's 24 bits, then to p) is then innocuous, since 24 ≥ 2p + 2 for p = 11 (float16) and
 * p = 8 (bfloat16); maximum, minimum, neg, abs and relu are exact. Conversions between a half
 * type and float32 are one exact widening or one rounding per element; between the two half
 * types, a widening then a rounding (exact, since float32 holds both).
 */
final class HalfKernels {
    private HalfKernels() {}

    private static short[] bits(NDArray x) {
        return (short[]) HostArrays.data((HostStorage) x.storage());
    }

    /** out = op(a, b) on operands of one half type; false (nothing done) when the op or the dtypes have no such path. */
    static boolean binary(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        HalfFormat f = HalfFormat.of(out.dtype());
        if (f == null || a.dtype() != out.dtype() || b.dtype() != out.dtype() || !FloatKernels.hasBinary(op)) return false;
        short[] as = bits(a), bs = bits(b), os = bits(out);
        StridedLoop loop = StridedLoop.of(out.shape(), a, b, out);
        int sa = loop.innerStride(0), sb = loop.innerStride(1), so = loop.innerStride(2);
        RowBlocks.forEach(loop, 3, 3, (at, from, n, buf) -> {
            f.widen(as, at[0] + from * sa, sa, buf[0], 0, 1, n);
            if (sb == 0) buf[1][0] = f.toFloat(bs[at[1]]);
            else f.widen(bs, at[1] + from * sb, sb, buf[1], 0, 1, n);
            FloatKernels.INSTANCE.binary(op, buf[0], 0, buf[1], 0, sb == 0, buf[2], 0, n);
            f.round(buf[2], 0, 1, os, at[2] + from * so, so, n);
        });
        return true;
    }

    /** out = op(x) on a half-type operand for neg, abs, sqrt and relu; false otherwise. */
    static boolean unary(UnaryOp op, NDArray x, NDArray out) {
        boolean exact = switch (op) {
            case NEG, ABS, SQRT, RELU -> true;
            default -> false;
        };
        HalfFormat f = HalfFormat.of(out.dtype());
        if (!exact || f == null || x.dtype() != out.dtype()) return false;
        short[] xs = bits(x), os = bits(out);
        StridedLoop loop = StridedLoop.of(out.shape(), x, out);
        int sx = loop.innerStride(0), so = loop.innerStride(1);
        RowBlocks.forEach(loop, 2, 2, (at, from, n, buf) -> {
            f.widen(xs, at[0] + from * sx, sx, buf[0], 0, 1, n);
            if (!FloatKernels.INSTANCE.unary(op, buf[0], 0, buf[1], 0, n)) {
                for (int j = 0; j < n; j++) buf[1][j] = (float) op.apply(buf[0][j]);   // exact for these ops
            }
            f.round(buf[1], 0, 1, os, at[1] + from * so, so, n);
        });
        return true;
    }

    /** dst = src between a half type and float32, or between half types; false for other dtype pairs. */
    static boolean copy(NDArray src, NDArray dst) {
        HalfFormat from = HalfFormat.of(src.dtype()), to = HalfFormat.of(dst.dtype());
        if (from == null && to == null) return false;
        if ((from == null && src.dtype() != DType.FLOAT32) || (to == null && dst.dtype() != DType.FLOAT32)) return false;
        StridedLoop loop = StridedLoop.of(dst.shape(), src, dst);
        int ss = loop.innerStride(0), sd = loop.innerStride(1);
        Object s = HostArrays.data((HostStorage) src.storage()), d = HostArrays.data((HostStorage) dst.storage());
        RowBlocks.forEach(loop, 2, from != null && to != null && from != to ? 1 : 0, (at, first, n, buf) -> {
            int si = at[0] + first * ss, di = at[1] + first * sd;
            if (from == to) {
                short[] hs = (short[]) s, hd = (short[]) d;
                for (int j = 0; j < n; j++, si += ss, di += sd) hd[di] = hs[si];
            } else if (to == null) {
                from.widen((short[]) s, si, ss, (float[]) d, di, sd, n);
            } else if (from == null) {
                to.round((float[]) s, si, ss, (short[]) d, di, sd, n);
            } else {
                from.widen((short[]) s, si, ss, buf[0], 0, 1, n);
                to.round(buf[0], 0, 1, (short[]) d, di, sd, n);
            }
        });
        return true;
    }
}
