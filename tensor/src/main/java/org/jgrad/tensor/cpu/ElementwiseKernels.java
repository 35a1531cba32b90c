package org.jgrad.tensor.cpu;

import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.UnaryOp;

/**
 * Elementwise loops of the CPU backend over any strides: the generic path reads and writes every
 * element through {@link HostStorage} in double (floating dtypes) or long (integer dtypes); runs of
 * contiguous float32 go through {@link FloatKernels}, float32 comparisons through
 * {@link FloatComparisons}, the half types (where that rounds the same) through {@link HalfKernels}. Work is split over rows with {@link CpuParallel}.
 */
final class ElementwiseKernels {
    /** Elements below which a loop stays on the calling thread. */
    static final int GRAIN = 1 << 15;

    private ElementwiseKernels() {}

    static HostStorage host(NDArray x) {
        return (HostStorage) x.storage();
    }

    static float[] f32(NDArray x) {
        return ((HostStorage.F32) x.storage()).data;
    }

    static boolean contiguousF32(NDArray x) {
        return x.dtype() == DType.FLOAT32 && x.isContiguous();
    }

    static void unary(UnaryOp op, NDArray x, NDArray out) {
        if (HalfKernels.unary(op, x, out)) return;
        int n = out.numel();
        if (contiguousF32(x)) {
            float[] xs = f32(x), os = f32(out);
            int xo = x.offset(), oo = out.offset();
            boolean[] handled = {true};
            CpuParallel.forRange(n, GRAIN, (s, e) -> {
                if (!FloatKernels.INSTANCE.unary(op, xs, xo + s, os, oo + s, e - s)) handled[0] = false;
            });
            if (handled[0]) return;
        }
        HostStorage xs = host(x), os = host(out);
        boolean integers = !x.dtype().isFloating();
        StridedLoop loop = StridedLoop.of(out.shape(), x, out);
        int sx = loop.innerStride(0), so = loop.innerStride(1), inner = loop.inner();
        CpuParallel.forRange(loop.rows(), loop.rowGrain(GRAIN), (r0, r1) -> {
            int[] at = new int[2];
            for (int r = r0; r < r1; r++) {
                loop.rowStarts(r, at);
                for (int j = 0, xi = at[0], oi = at[1]; j < inner; j++, xi += sx, oi += so) {
                    if (integers) os.setLong(oi, op.applyLong(xs.getLong(xi)));
                    else os.setDouble(oi, op.apply(xs.getDouble(xi)));
                }
            }
        });
    }

    static void binary(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        if (HalfKernels.binary(op, a, b, out) || FloatComparisons.compare(op, a, b, out)) return;
        if (contiguousF32(a) && out.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32
                && (b.isContiguous() || isAllZeroStrides(b))) {
            float[] as = f32(a), bs = f32(b), os = f32(out);
            int ao = a.offset(), bo = b.offset(), oo = out.offset();
            boolean scalar = !b.isContiguous() || b.numel() == 1;
            boolean[] handled = {true};
            CpuParallel.forRange(out.numel(), GRAIN, (s, e) -> {
                if (!FloatKernels.INSTANCE.binary(op, as, ao + s, bs, scalar ? bo : bo + s, scalar, os, oo + s, e - s)) handled[0] = false;
            });
            if (handled[0]) return;
        }
        StridedLoop loop = StridedLoop.of(out.shape(), a, b, out);
        int sa = loop.innerStride(0), sb = loop.innerStride(1), so = loop.innerStride(2), inner = loop.inner();
        if (a.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32 && sa == 1 && so == 1 && (sb == 0 || sb == 1)
                && FloatKernels.hasBinary(op)) {
            broadcastRowsF32(op, loop, f32(a), f32(b), f32(out), sb == 0);
            return;
        }
        HostStorage as = host(a), bs = host(b), os = host(out);
        boolean integers = !a.dtype().isFloating();
        CpuParallel.forRange(loop.rows(), loop.rowGrain(GRAIN), (r0, r1) -> {
            int[] at = new int[3];
            for (int r = r0; r < r1; r++) {
                loop.rowStarts(r, at);
                for (int j = 0, ai = at[0], bi = at[1], oi = at[2]; j < inner; j++, ai += sa, bi += sb, oi += so) {
                    if (integers) os.setLong(oi, op.applyLong(as.getLong(ai), bs.getLong(bi)));
                    else os.setDouble(oi, op.apply(as.getDouble(ai), bs.getDouble(bi)));
                }
            }
        });
    }

    /**
     * Broadcast float32 binary op row by row: each row of a and out is contiguous and b's row is
     * contiguous or one repeated value (e.g. BatchNorm's per-channel statistics), so every row is
     * one call of the vectorized kernel.
     */
    private static void broadcastRowsF32(BinaryOp op, StridedLoop loop, float[] as, float[] bs, float[] os, boolean bScalar) {
        int inner = loop.inner();
        CpuParallel.forRange(loop.rows(), loop.rowGrain(GRAIN), (r0, r1) -> {
            int[] at = new int[3];
            for (int r = r0; r < r1; r++) {
                loop.rowStarts(r, at);
                FloatKernels.INSTANCE.binary(op, as, at[0], bs, at[1], bScalar, os, at[2], inner);
            }
        });
    }

    private static boolean isAllZeroStrides(NDArray x) {
        for (int s : x.strides()) if (s != 0) return false;
        return true;
    }

    /** n elements of a where from the given positions of cond, a, b and out. */
    private interface WhereRun {
        void run(int ci, int ai, int bi, int oi, int n);
    }

    static void where(NDArray cond, NDArray a, NDArray b, NDArray out) {
        StridedLoop loop = StridedLoop.of(out.shape(), cond, a, b, out);
        int sc = loop.innerStride(0), sa = loop.innerStride(1), sb = loop.innerStride(2), so = loop.innerStride(3);
        byte[] cs = ((HostStorage.Bool) cond.storage()).data;
        if (out.dtype() == DType.FLOAT32) { // the same loop on the arrays themselves, no per-element dispatch
            float[] as = f32(a), bs = f32(b), os = f32(out);
            whereBlocks(loop, (ci, ai, bi, oi, n) -> {
                for (int j = 0; j < n; j++, ci += sc, ai += sa, bi += sb, oi += so) os[oi] = cs[ci] != 0 ? as[ai] : bs[bi];
            });
            return;
        }
        if (out.dtype().isHalf() && a.dtype() == out.dtype() && b.dtype() == out.dtype()) { // picks bit patterns: no conversion
            short[] as = (short[]) HostArrays.data(host(a)), bs = (short[]) HostArrays.data(host(b)), os = (short[]) HostArrays.data(host(out));
            whereBlocks(loop, (ci, ai, bi, oi, n) -> {
                for (int j = 0; j < n; j++, ci += sc, ai += sa, bi += sb, oi += so) os[oi] = cs[ci] != 0 ? as[ai] : bs[bi];
            });
            return;
        }
        HostStorage as = host(a), bs = host(b), os = host(out);
        boolean integers = !out.dtype().isFloating();
        whereBlocks(loop, (ci, ai, bi, oi, n) -> {
            for (int j = 0; j < n; j++, ci += sc, ai += sa, bi += sb, oi += so) {
                boolean pick = cs[ci] != 0;
                if (integers) os.setLong(oi, pick ? as.getLong(ai) : bs.getLong(bi));
                else os.setDouble(oi, pick ? as.getDouble(ai) : bs.getDouble(bi));
            }
        });
    }

    /** Runs {@code run} over every block of the where loop ({@link RowBlocks}), in parallel. */
    private static void whereBlocks(StridedLoop loop, WhereRun run) {
        int sc = loop.innerStride(0), sa = loop.innerStride(1), sb = loop.innerStride(2), so = loop.innerStride(3);
        RowBlocks.forEach(loop, 4, 0, (at, from, n, buffers) -> run.run(at[0] + from * sc, at[1] + from * sa, at[2] + from * sb, at[3] + from * so, n));
    }

    /** relu's gradient out = x &gt; 0 ? g : 0 over contiguous float32 arrays; false for any other layout (the caller composes it). */
    static boolean reluBackward(NDArray x, NDArray g, NDArray out) {
        if (!contiguousF32(x) || !contiguousF32(g) || !contiguousF32(out)) return false;
        float[] xs = f32(x), gs = f32(g), os = f32(out);
        int xo = x.offset(), go = g.offset(), oo = out.offset();
        CpuParallel.forRange(out.numel(), GRAIN,
                (s, e) -> FloatKernels.INSTANCE.reluBackward(xs, xo + s, gs, go + s, os, oo + s, e - s));
        return true;
    }

    /** dst = src converted to dst's dtype; float to integer truncates toward zero; nonzero (and NaN) to bool is true. */
    static void copy(NDArray src, NDArray dst) {
        if (dst.numel() == 0) return; // an empty view's offset may lie past its storage
        if (src.dtype() == dst.dtype() && src.isContiguous() && dst.isContiguous()) {
            System.arraycopy(HostArrays.data(host(src)), src.offset(), HostArrays.data(host(dst)), dst.offset(), dst.numel());
            return;
        }
        if (HalfKernels.copy(src, dst)) return;
        HostStorage ss = host(src), ds = host(dst);
        boolean integers = !src.dtype().isFloating() && !dst.dtype().isFloating();
        StridedLoop loop = StridedLoop.of(dst.shape(), src, dst);
        int s1 = loop.innerStride(0), s2 = loop.innerStride(1), inner = loop.inner();
        CpuParallel.forRange(loop.rows(), loop.rowGrain(GRAIN), (r0, r1) -> {
            int[] at = new int[2];
            for (int r = r0; r < r1; r++) {
                loop.rowStarts(r, at);
                for (int j = 0, si = at[0], di = at[1]; j < inner; j++, si += s1, di += s2) {
                    if (integers) ds.setLong(di, ss.getLong(si));
                    else ds.setDouble(di, ss.getDouble(si));
                }
            }
        });
    }

    static void fill(NDArray dst, double value) {
        HostStorage ds = host(dst);
        boolean integers = !dst.dtype().isFloating();
        StridedLoop loop = StridedLoop.of(dst.shape(), dst);
        int sd = loop.innerStride(0), inner = loop.inner();
        CpuParallel.forRange(loop.rows(), loop.rowGrain(GRAIN), (r0, r1) -> {
            int[] at = new int[1];
            for (int r = r0; r < r1; r++) {
                loop.rowStarts(r, at);
                for (int j = 0, di = at[0]; j < inner; j++, di += sd) {
                    if (integers) ds.setLong(di, (long) value);
                    else ds.setDouble(di, value);
                }
            }
        });
    }
}
