package org.jgrad.tensor.cpu;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;

/**
 * Fused per-channel loops of {@link org.jgrad.tensor.Normalization} on contiguous float32 and
 * float64 arrays shaped (N, C, S), S the product of the axes after the channel axis: each of the
 * N·C rows is S contiguous values of one channel. One pass over memory for each primitive (two for
 * the moments: the mean, then the squared deviations from it, which keeps the variance accurate
 * when the mean is large).
 *
 * <p>Reductions give each channel to one thread, which adds its rows in order, so the result is
 * the same for every thread count; float32 rows are summed in float32 blocks added up in double
 * ({@link FloatKernels#sum}). Every other layout and dtype returns false, and the caller composes
 * array ops instead.
 */
final class ChannelKernels {
    /** Values below which a loop stays on the calling thread. */
    private static final int GRAIN = 1 << 15;

    private ChannelKernels() {}

    /** True when the fused loops take these arrays: contiguous, float32 or float64, all of one dtype. */
    static boolean handles(NDArray... arrays) {
        DType t = arrays[0].dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        for (NDArray a : arrays) if (a != null && (a.dtype() != t || !a.isContiguous())) return false;
        return true;
    }

    /** mean_c = Σ x_c / M, var_c = Σ (x_c − mean_c)² / M. */
    static void moments(NDArray x, NDArray mean, NDArray var) {
        Rows r = new Rows(x);
        double count = (double) r.n * r.s;
        HostStorage means = ElementwiseKernels.host(mean), vars = ElementwiseKernels.host(var);
        CpuParallel.forRange(r.c, r.channelGrain(), (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double sum = 0;
                for (int n = 0; n < r.n; n++) sum += r.sum(x, r.row(x, n, c));
                double m = sum / count;
                means.setDouble(mean.offset() + c, m);
                double mu = means.getDouble(mean.offset() + c), squares = 0;   // deviations from the stored (rounded) mean
                for (int n = 0; n < r.n; n++) squares += r.sumSquaredDeviations(x, r.row(x, n, c), mu);
                vars.setDouble(var.offset() + c, squares / count);
            }
        });
    }

    /** out = a_c·(u − m_c) + b_c·v + c_c (m_c = 0 when m is null; no b_c·v when v is null). */
    static void linear(NDArray u, NDArray m, NDArray a, NDArray v, NDArray b, NDArray c, NDArray out) {
        Rows r = new Rows(u);
        double[] ms = m == null ? new double[r.c] : values(m), as = values(a), bs = v == null ? new double[r.c] : values(b), cs = values(c);
        if (u.dtype() == DType.FLOAT32) {
            float[] us = ElementwiseKernels.f32(u), vs = v == null ? null : ElementwiseKernels.f32(v), os = ElementwiseKernels.f32(out);
            forEachRow(r, u, v, out, (ch, uo, vo, o) -> FloatKernels.INSTANCE.channelLinear(us, uo, (float) ms[ch], (float) as[ch],
                    vs, vo, (float) bs[ch], (float) cs[ch], os, o, r.s));
        } else {
            double[] us = f64(u), vs = v == null ? null : f64(v), os = f64(out);
            forEachRow(r, u, v, out, (ch, uo, vo, o) -> {
                for (int i = 0; i < r.s; i++)
                    os[o + i] = Math.fma(as[ch], us[uo + i] - ms[ch], vs == null ? cs[ch] : Math.fma(bs[ch], vs[vo + i], cs[ch]));
            });
        }
    }

    /** One row of {@link #linear}: channel ch, the rows' first elements in u, v and out. */
    private interface RowBody {
        void run(int ch, int uo, int vo, int o);
    }

    /** Runs {@code body} over the N·C rows, in parallel. */
    private static void forEachRow(Rows r, NDArray u, NDArray v, NDArray out, RowBody body) {
        CpuParallel.forRange(r.n * r.c, Math.max(1, GRAIN / Math.max(1, r.s)), (row0, row1) -> {
            for (int row = row0; row < row1; row++)
                body.run(row % r.c, u.offset() + row * r.s, v == null ? 0 : v.offset() + row * r.s, out.offset() + row * r.s);
        });
    }

    /** sums_c = Σ x_c. */
    static void sums(NDArray x, NDArray sums) {
        Rows r = new Rows(x);
        HostStorage out = ElementwiseKernels.host(sums);
        CpuParallel.forRange(r.c, r.channelGrain(), (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double sum = 0;
                for (int n = 0; n < r.n; n++) sum += r.sum(x, r.row(x, n, c));
                out.setDouble(sums.offset() + c, sum);
            }
        });
    }

    /** sumGrad_c = Σ g_c, sumCentered_c = Σ g_c·(x_c − mean_c). */
    static void gradSums(NDArray g, NDArray x, NDArray mean, NDArray sumGrad, NDArray sumCentered) {
        Rows r = new Rows(g);
        double[] means = values(mean);
        HostStorage sums = ElementwiseKernels.host(sumGrad), centered = ElementwiseKernels.host(sumCentered);
        CpuParallel.forRange(r.c, r.channelGrain(), (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double sum = 0, dot = 0;
                for (int n = 0; n < r.n; n++) {
                    sum += r.sum(g, r.row(g, n, c));
                    dot += r.sumProductCentered(g, r.row(g, n, c), x, r.row(x, n, c), means[c]);
                }
                sums.setDouble(sumGrad.offset() + c, sum);
                centered.setDouble(sumCentered.offset() + c, dot);
            }
        });
    }

    private static double[] values(NDArray v) {
        return v.toDoubleArray();
    }

    private static double[] f64(NDArray x) {
        return ((HostStorage.F64) x.storage()).data;
    }

    /** The (N, C, S) view of an array and the row sums of either dtype. */
    private static final class Rows {
        final int n, c, s;

        Rows(NDArray x) {
            n = x.shape(0);
            c = x.shape(1);
            s = c == 0 || n == 0 ? 0 : x.numel() / (n * c);
        }

        /** Channels per task: enough that a task reduces about {@link #GRAIN} values. */
        int channelGrain() {
            return (int) Math.max(1, GRAIN / Math.max(1L, (long) n * s));
        }

        int row(NDArray x, int sample, int channel) {
            return x.offset() + (sample * c + channel) * s;
        }

        double sum(NDArray x, int at) {
            if (x.dtype() == DType.FLOAT32) return FloatKernels.INSTANCE.sum(ElementwiseKernels.f32(x), at, s);
            double[] xs = f64(x);
            double total = 0;
            for (int i = 0; i < s; i++) total += xs[at + i];
            return total;
        }

        double sumSquaredDeviations(NDArray x, int at, double mean) {
            if (x.dtype() == DType.FLOAT32) return FloatKernels.INSTANCE.sumSquaredDeviations(ElementwiseKernels.f32(x), at, s, (float) mean);
            double[] xs = f64(x);
            double total = 0;
            for (int i = 0; i < s; i++) total += (xs[at + i] - mean) * (xs[at + i] - mean);
            return total;
        }

        double sumProductCentered(NDArray g, int gAt, NDArray x, int xAt, double mean) {
            if (g.dtype() == DType.FLOAT32)
                return FloatKernels.INSTANCE.sumProductCentered(ElementwiseKernels.f32(g), gAt, ElementwiseKernels.f32(x), xAt, s, (float) mean);
            double[] gs = f64(g), xs = f64(x);
            double total = 0;
            for (int i = 0; i < s; i++) total += gs[gAt + i] * (xs[xAt + i] - mean);
            return total;
        }
    }
}
