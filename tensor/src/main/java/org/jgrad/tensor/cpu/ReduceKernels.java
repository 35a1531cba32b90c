package org.jgrad.tensor.cpu;

import org.jgrad.tensor.AxisSplit;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.ReduceOp;

/**
 * Reductions, arg-reductions and softmax on the CPU. Each output element reduces its own slice in
 * a fixed order, so results do not depend on the number of threads. Float sums accumulate in
 * double; a contiguous float32 slice is summed by {@link FloatKernels#sum}, and half-type slices
 * are widened a block at a time.
 */
final class ReduceKernels {
    private ReduceKernels() {}

    static void reduce(ReduceOp op, NDArray x, boolean[] reduced, NDArray out) {
        AxisSplit split = AxisSplit.of(x, reduced);
        StridedLoop keptLoop = StridedLoop.of(split.keptShape(), new int[][] {split.keptStrides()}, new int[] {x.offset()});
        StridedLoop slice = StridedLoop.of(split.reducedShape(), new int[][] {split.reducedStrides()}, new int[] {0});
        HostStorage xs = ElementwiseKernels.host(x), os = ElementwiseKernels.host(out);
        boolean integers = !x.dtype().isFloating();
        HalfFormat half = HalfFormat.of(x.dtype());
        boolean rowSums = op == ReduceOp.SUM && x.dtype() == DType.FLOAT32 && slice.innerStride(0) == 1 && slice.inner() > 1;
        boolean fastSum = rowSums && slice.rows() == 1;
        int count = out.numel(), keptInner = keptLoop.inner(), keptStride = keptLoop.innerStride(0);
        if (fastSum && slice.inner() >= 4 * SUM_CHUNK) { // long slices: split each one, not the outputs
            int[] at = new int[1];
            for (int o = 0; o < count; o++) {
                keptLoop.rowStarts(o / keptInner, at);
                os.setDouble(o, chunkedSum(ElementwiseKernels.f32(x), at[0] + (o % keptInner) * keptStride, slice.inner()));
            }
            return;
        }
        int grain = Math.max(1, ElementwiseKernels.GRAIN / Math.max(1, (int) Math.min(Integer.MAX_VALUE, slice.size())));
        CpuParallel.forRange(count, grain, (o0, o1) -> {
            int[] at = new int[1];
            for (int o = o0; o < o1; o++) {
                keptLoop.rowStarts(o / keptInner, at);
                int base = at[0] + (o % keptInner) * keptStride;
                if (rowSums) os.setDouble(o, sumOfRows(ElementwiseKernels.f32(x), base, slice));
                else if (integers) os.setLong(o, reduceLong(op, xs, base, slice));
                else if (half != null) os.setDouble(o, reduceHalf(op, half, (short[]) HostArrays.data(xs), base, slice));
                else os.setDouble(o, reduceDouble(op, xs, base, slice));
            }
        });
    }

    /** Length of the pieces a long float32 sum is cut into; fixed, so the result does not depend on the thread count. */
    static final int SUM_CHUNK = 1 << 16;

    /** Σ x[off .. off + n) as the in-order sum of per-chunk sums, the chunks computed in parallel. */
    private static double chunkedSum(float[] x, int off, int n) {
        int chunks = (n + SUM_CHUNK - 1) / SUM_CHUNK;
        double[] partial = new double[chunks];
        CpuParallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) partial[c] = FloatKernels.INSTANCE.sum(x, off + c * SUM_CHUNK, Math.min(SUM_CHUNK, n - c * SUM_CHUNK));
        });
        double total = 0;
        for (double p : partial) total += p;
        return total;
    }

    /** Σ over a slice whose rows are contiguous: each row by the vectorized sum, the rows added in order in double. */
    private static double sumOfRows(float[] x, int base, StridedLoop slice) {
        int[] at = new int[1];
        double total = 0;
        for (int r = 0; r < slice.rows(); r++) {
            slice.rowStarts(r, at);
            total += FloatKernels.INSTANCE.sum(x, base + at[0], slice.inner());
        }
        return total;
    }

    private static double reduceDouble(ReduceOp op, HostStorage xs, int base, StridedLoop slice) {
        double acc = op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        int[] at = new int[1];
        int inner = slice.inner(), step = slice.innerStride(0);
        for (int r = 0; r < slice.rows(); r++) {
            slice.rowStarts(r, at);
            for (int j = 0, i = base + at[0]; j < inner; j++, i += step) {
                double v = xs.getDouble(i);
                acc = switch (op) {
                    case SUM -> acc + v;
                    case MAX -> Math.max(acc, v);
                    case MIN -> Math.min(acc, v);
                };
            }
        }
        return acc;
    }

    /** Elements of a half-type row widened at a time by {@link #reduceHalf}. */
    private static final int HALF_BLOCK = 1024;

    /**
     * {@link #reduceDouble} for a half type, with the same result bit for bit: the same elements in
     * the same order, each widened exactly (a block at a time, vectorized along unit strides) and
     * accumulated in double; only the per-element storage dispatch is gone.
     */
    private static double reduceHalf(ReduceOp op, HalfFormat format, short[] x, int base, StridedLoop slice) {
        double acc = op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        int[] at = new int[1];
        int inner = slice.inner(), step = slice.innerStride(0);
        float[] block = new float[Math.min(inner, HALF_BLOCK)];
        for (int r = 0; r < slice.rows(); r++) {
            slice.rowStarts(r, at);
            for (int from = 0; from < inner; from += HALF_BLOCK) {
                int n = Math.min(HALF_BLOCK, inner - from);
                format.widen(x, base + at[0] + from * step, step, block, 0, 1, n);
                switch (op) {
                    case SUM -> { for (int j = 0; j < n; j++) acc += block[j]; }
                    case MAX -> { for (int j = 0; j < n; j++) acc = Math.max(acc, block[j]); }
                    case MIN -> { for (int j = 0; j < n; j++) acc = Math.min(acc, block[j]); }
                }
            }
        }
        return acc;
    }

    private static long reduceLong(ReduceOp op, HostStorage xs, int base, StridedLoop slice) {
        long acc = op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? Long.MIN_VALUE : Long.MAX_VALUE;
        int[] at = new int[1];
        int inner = slice.inner(), step = slice.innerStride(0);
        for (int r = 0; r < slice.rows(); r++) {
            slice.rowStarts(r, at);
            for (int j = 0, i = base + at[0]; j < inner; j++, i += step) {
                long v = xs.getLong(i);
                acc = switch (op) {
                    case SUM -> acc + v;
                    case MAX -> Math.max(acc, v);
                    case MIN -> Math.min(acc, v);
                };
            }
        }
        return acc;
    }

    /** Walks every line along {@code axis}: {@code body(line, start, stride, length)}, lines split over threads. */
    private interface LineBody {
        void run(int line, int start, int stride, int length);
    }

    private static void forEachLine(NDArray x, int axis, LineBody body) {
        AxisSplit split = AxisSplit.alongAxis(x, axis);
        StridedLoop keptLoop = StridedLoop.of(split.keptShape(), new int[][] {split.keptStrides()}, new int[] {x.offset()});
        int length = x.shape(axis), stride = x.stride(axis);
        int lines = (int) keptLoop.size(), keptInner = keptLoop.inner(), keptStride = keptLoop.innerStride(0);
        CpuParallel.forRange(lines, Math.max(1, ElementwiseKernels.GRAIN / Math.max(1, length)), (l0, l1) -> {
            int[] at = new int[1];
            for (int l = l0; l < l1; l++) {
                keptLoop.rowStarts(l / keptInner, at);
                body.run(l, at[0] + (l % keptInner) * keptStride, stride, length);
            }
        });
    }

    /** Index of the first maximum (minimum); the first NaN wins, as in PyTorch. */
    static void argReduce(boolean max, NDArray x, int axis, NDArray out) {
        HostStorage xs = ElementwiseKernels.host(x), os = ElementwiseKernels.host(out);
        forEachLine(x, axis, (line, start, stride, length) -> {
            int best = 0;
            double bestValue = xs.getDouble(start);
            for (int j = 1; j < length && !Double.isNaN(bestValue); j++) {
                double v = xs.getDouble(start + j * stride);
                if (Double.isNaN(v) || (max ? v > bestValue : v < bestValue)) {
                    best = j;
                    bestValue = v;
                }
            }
            os.setLong(line, best);
        });
    }

    /**
     * softmax(x)_j = exp(x_j - m) / Σ_k exp(x_k - m) and log_softmax(x)_j = x_j - m - log Σ_k exp(x_k - m),
     * with m the line's maximum, in double.
     */
    static void softmax(NDArray x, int axis, boolean log, NDArray out) {
        HostStorage xs = ElementwiseKernels.host(x), os = ElementwiseKernels.host(out);
        int outStride = out.stride(axis);
        // out has x's shape, so line l of out is line l of x in the same row-major enumeration
        AxisSplit outSplit = AxisSplit.alongAxis(out, axis);
        StridedLoop outLines = StridedLoop.of(outSplit.keptShape(), new int[][] {outSplit.keptStrides()}, new int[] {0});
        int outInner = outLines.inner(), outInnerStride = outLines.innerStride(0);
        forEachLine(x, axis, (line, start, stride, length) -> {
            int[] at = new int[1];
            outLines.rowStarts(line / outInner, at);
            int outStart = at[0] + (line % outInner) * outInnerStride;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < length; j++) m = Math.max(m, xs.getDouble(start + j * stride));
            double sum = 0;
            for (int j = 0; j < length; j++) sum += Math.exp(xs.getDouble(start + j * stride) - m);
            double logSum = Math.log(sum);
            for (int j = 0; j < length; j++) {
                double shifted = xs.getDouble(start + j * stride) - m;
                os.setDouble(outStart + j * outStride, log ? shifted - logSum : Math.exp(shifted) / sum);
            }
        });
    }
}
