package org.jgrad.tensor;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * Plain-loop float64 references for the NDArray ops, written independently of the main code: a
 * {@link Dense} is a row-major double[] with a shape, and every op is a loop over multi-indices
 * with its own index arithmetic. Nothing here calls an NDArray op.
 */
public final class Reference {
    private Reference() {}

    /** A row-major array of doubles. */
    public record Dense(int[] shape, double[] data) {
        public Dense {
            if (count(shape) != data.length) throw new IllegalStateException("shape " + Arrays.toString(shape) + " vs " + data.length);
        }

        public static Dense of(NDArray x) {
            return new Dense(x.shape(), x.toDoubleArray());
        }

        public static Dense zeros(int... shape) {
            return new Dense(shape.clone(), new double[count(shape)]);
        }

        public int rank() { return shape.length; }
        public int numel() { return data.length; }
        double at(int... idx) { return data[flat(shape, idx)]; }

        @Override public String toString() {
            return "Dense" + Arrays.toString(shape) + (data.length <= 64 ? Arrays.toString(data) : "[" + data.length + " values]");
        }
    }

    // ------------------------------------------------------------ index arithmetic

    public static int count(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    static int[] rowMajorStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= shape[i]; }
        return st;
    }

    /** The multi-index of flat position {@code f}. */
    public static int[] unflat(int[] shape, int f) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) return idx;
            idx[i] = f % shape[i];
            f /= shape[i];
        }
        return idx;
    }

    static int flat(int[] shape, int[] idx) {
        int f = 0;
        for (int i = 0; i < shape.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape[i]) throw new IndexOutOfBoundsException(Arrays.toString(idx) + " in " + Arrays.toString(shape));
            f = f * shape[i] + idx[i];
        }
        return f;
    }

    /** NumPy broadcast of shapes, or null when they do not broadcast. */
    static int[] broadcastShape(int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) rank = Math.max(rank, s.length);
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                if (s[i] == out[o] || s[i] == 1) continue;
                if (out[o] != 1) return null;
                out[o] = s[i];
            }
        }
        return out;
    }

    /** Element of {@code x} seen broadcast at output index {@code idx} of a larger rank. */
    static double broadcastAt(Dense x, int[] idx) {
        int f = 0;
        int lead = idx.length - x.rank();
        for (int i = 0; i < x.rank(); i++) {
            int d = x.shape[i];
            f = f * d + (d == 1 ? 0 : idx[lead + i]);
        }
        return x.data[f];
    }

    static double[] axisValues(Dense x, int axis, int[] idx) {
        double[] v = new double[x.shape[axis]];
        int[] j = idx.clone();
        for (int i = 0; i < v.length; i++) { j[axis] = i; v[i] = x.at(j); }
        return v;
    }

    // ------------------------------------------------------------ elementwise

    static Dense map(Dense x, DoubleUnaryOperator f) {
        double[] out = new double[x.numel()];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(x.data[i]);
        return new Dense(x.shape.clone(), out);
    }

    static Dense binary(Dense a, Dense b, DoubleBinaryOperator f) {
        int[] shape = broadcastShape(a.shape, b.shape);
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unflat(shape, i);
            out[i] = f.applyAsDouble(broadcastAt(a, idx), broadcastAt(b, idx));
        }
        return new Dense(shape, out);
    }

    static Dense where(Dense cond, Dense a, Dense b) {
        int[] shape = broadcastShape(cond.shape, a.shape, b.shape);
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unflat(shape, i);
            out[i] = broadcastAt(cond, idx) != 0 ? broadcastAt(a, idx) : broadcastAt(b, idx);
        }
        return new Dense(shape, out);
    }

    static double clamp(double x, double lo, double hi) {
        if (Double.isNaN(x)) return x;
        return x < lo ? lo : x > hi ? hi : x;
    }

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** erf by its Maclaurin series (|x| &lt; 3.5) or the asymptotic expansion of erfc. */
    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x), r;
        if (ax < 3.5) {
            double sum = 0, pow = ax, fact = 1;
            for (int n = 0; n < 120; n++) {
                if (n > 0) { pow *= ax * ax; fact *= n; }
                double term = pow / (fact * (2 * n + 1));
                sum += (n % 2 == 0) ? term : -term;
                if (term < 1e-18) break;
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double s = 1, t = 1;
            for (int n = 1; n < 8; n++) { t *= -(2 * n - 1) / (2 * ax * ax); s += t; }
            r = 1 - Math.exp(-ax * ax) / (ax * Math.sqrt(Math.PI)) * s;
        }
        return x < 0 ? -r : r;
    }

    static double gelu(double x) { return x * 0.5 * (1 + erf(x / Math.sqrt(2))); }

    // ------------------------------------------------------------ reductions

    static boolean[] mask(int rank, int[] axes) {
        boolean[] m = new boolean[rank];
        if (axes.length == 0) Arrays.fill(m, true);
        for (int a : axes) if (rank > 0) m[a < 0 ? a + rank : a] = true;
        return m;
    }

    static int[] reducedShape(int[] shape, boolean[] m, boolean keepDim) {
        int[] out = new int[shape.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!m[i]) out[k++] = shape[i];
            else if (keepDim) out[k++] = 1;
        }
        return Arrays.copyOf(out, k);
    }

    /** Applies {@code f} to the values of every slice over the masked axes (row-major order within the slice). */
    static Dense reduce(Dense x, int[] axes, boolean keepDim, ToDoubleFunction<double[]> f) {
        boolean[] m = mask(x.rank(), axes);
        int[] kept = reducedShape(x.shape, m, true);
        int[] sliceShape = new int[x.rank()];
        for (int i = 0; i < x.rank(); i++) sliceShape[i] = m[i] ? x.shape[i] : 1;
        int n = count(kept), len = count(sliceShape);
        double[] out = new double[n];
        for (int o = 0; o < n; o++) {
            int[] base = unflat(kept, o);
            double[] vals = new double[len];
            for (int s = 0; s < len; s++) {
                int[] off = unflat(sliceShape, s), idx = new int[x.rank()];
                for (int i = 0; i < idx.length; i++) idx[i] = base[i] + off[i];
                vals[s] = x.at(idx);
            }
            out[o] = f.applyAsDouble(vals);
        }
        return new Dense(reducedShape(x.shape, m, keepDim), out);
    }

    static double sum(double[] v) { double s = 0; for (double d : v) s += d; return s; }
    static double sumAbs(double[] v) { double s = 0; for (double d : v) s += Math.abs(d); return s; }
    static double mean(double[] v) { return sum(v) / v.length; }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) { if (Double.isNaN(d)) return d; if (d > m) m = d; }
        return m;
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) { if (Double.isNaN(d)) return d; if (d < m) m = d; }
        return m;
    }

    static double var(double[] v, int correction) {
        double mu = mean(v), s = 0;
        for (double d : v) s += (d - mu) * (d - mu);
        return s / Math.max(0, v.length - correction);
    }

    static double logsumexp(double[] v) {
        if (v.length == 0) return Double.NEGATIVE_INFINITY;
        double m = max(v);
        if (Double.isNaN(m)) return m;
        if (Double.isInfinite(m)) m = 0;
        double s = 0;
        for (double d : v) s += Math.exp(d - m);
        return m + Math.log(s);
    }

    /** First index of the maximum (max) or minimum; a NaN wins at its first position. */
    static double argExtreme(double[] v, boolean max) {
        int best = 0;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) return i;
            if (max ? v[i] > v[best] : v[i] < v[best]) best = i;
        }
        return best;
    }

    static Dense argReduce(Dense x, int axis, boolean keepDim, boolean max) {
        if (x.rank() == 0) return new Dense(new int[0], new double[] {0});
        int a = axis < 0 ? axis + x.rank() : axis;
        return reduce(x, new int[] {a}, keepDim, v -> argExtreme(v, max));
    }

    /** Replaces every 1-D line along {@code axis} by {@code f} of it. */
    static Dense alongAxis(Dense x, int axis, UnaryOperator<double[]> f) {
        if (x.rank() == 0) return new Dense(new int[0], f.apply(x.data.clone()));
        int a = axis < 0 ? axis + x.rank() : axis;
        double[] out = new double[x.numel()];
        int[] lines = x.shape.clone();
        lines[a] = 1;
        for (int l = 0; l < count(lines); l++) {
            int[] idx = unflat(lines, l);
            double[] r = f.apply(axisValues(x, a, idx));
            for (int i = 0; i < r.length; i++) { idx[a] = i; out[flat(x.shape, idx)] = r[i]; }
        }
        return new Dense(x.shape.clone(), out);
    }

    /** PyTorch's formula: with m the maximum (NaN if any is), e = exp(x - m), softmax = e / Σe, log_softmax = x - m - log Σe. */
    static double[] softmax(double[] v, boolean log) {
        double m = max(v), s = 0;
        for (double d : v) s += Math.exp(d - m);
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = log ? v[i] - m - Math.log(s) : Math.exp(v[i] - m) / s;
        return r;
    }

    // ------------------------------------------------------------ matmul

    /** NumPy matmul: 1-D operands promoted and the added axis removed, batch axes broadcast. */
    static Dense matmul(Dense a, Dense b) {
        int[] as = a.rank() == 1 ? new int[] {1, a.shape[0]} : a.shape;
        int[] bs = b.rank() == 1 ? new int[] {b.shape[0], 1} : b.shape;
        Dense a2 = new Dense(as, a.data), b2 = new Dense(bs, b.data);
        int m = as[as.length - 2], k = as[as.length - 1], n = bs[bs.length - 1];
        int[] batch = broadcastShape(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = m;
        full[batch.length + 1] = n;
        double[] out = new double[count(full)];
        for (int o = 0; o < out.length; o++) {
            int[] idx = unflat(full, o);
            int[] ai = idx.clone(), bi = idx.clone();
            double s = 0;
            for (int p = 0; p < k; p++) {
                ai[full.length - 1] = p;
                bi[full.length - 2] = p;
                s += broadcastAt(a2, ai) * broadcastAt(b2, bi);
            }
            out[o] = s;
        }
        int[] shape = full;
        if (b.rank() == 1) shape = Arrays.copyOf(shape, shape.length - 1);
        if (a.rank() == 1) {
            int[] s2 = new int[shape.length - 1];
            int pos = b.rank() == 1 ? shape.length - 1 : shape.length - 2;
            for (int i = 0, j = 0; i < shape.length; i++) if (i != pos) s2[j++] = shape[i];
            shape = s2;
        }
        return new Dense(shape, out);
    }

    // ------------------------------------------------------------ indexing

    static Dense gather(Dense x, int axis, Dense index) {
        double[] out = new double[index.numel()];
        for (int o = 0; o < out.length; o++) {
            int[] idx = unflat(index.shape, o);
            idx[axis] = (int) index.data[o];
            out[o] = x.at(idx);
        }
        return new Dense(index.shape.clone(), out);
    }

    static Dense scatterAdd(Dense dst, int axis, Dense index, Dense src) {
        double[] out = dst.data.clone();
        for (int o = 0; o < index.numel(); o++) {
            int[] idx = unflat(index.shape, o);
            double v = src.at(idx);
            idx[axis] = (int) index.data[o];
            out[flat(dst.shape, idx)] += v;
        }
        return new Dense(dst.shape.clone(), out);
    }

    static Dense indexSelect(Dense x, int axis, long[] index) {
        int[] shape = x.shape.clone();
        shape[axis] = index.length;
        double[] out = new double[count(shape)];
        for (int o = 0; o < out.length; o++) {
            int[] idx = unflat(shape, o);
            idx[axis] = (int) index[idx[axis]];
            out[o] = x.at(idx);
        }
        return new Dense(shape, out);
    }

    static Dense oneHot(Dense labels, int classes) {
        int[] shape = Arrays.copyOf(labels.shape, labels.rank() + 1);
        shape[labels.rank()] = classes;
        double[] out = new double[count(shape)];
        for (int i = 0; i < labels.numel(); i++) out[i * classes + (int) labels.data[i]] = 1;
        return new Dense(shape, out);
    }

    // ------------------------------------------------------------ joining and padding

    static Dense cat(int axis, Dense... parts) {
        int[] shape = parts[0].shape.clone();
        shape[axis] = 0;
        for (Dense p : parts) shape[axis] += p.shape[axis];
        double[] out = new double[count(shape)];
        for (int o = 0; o < out.length; o++) {
            int[] idx = unflat(shape, o);
            int i = idx[axis], k = 0;
            while (i >= parts[k].shape[axis]) i -= parts[k++].shape[axis];
            idx[axis] = i;
            out[o] = parts[k].at(idx);
        }
        return new Dense(shape, out);
    }

    static Dense stack(int axis, Dense... parts) {
        int r = parts[0].rank();
        int[] shape = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) shape[i] = i == axis ? parts.length : parts[0].shape[j++];
        double[] out = new double[count(shape)];
        for (int o = 0; o < out.length; o++) {
            int[] idx = unflat(shape, o), inner = new int[r];
            for (int i = 0, j = 0; i <= r; i++) if (i != axis) inner[j++] = idx[i];
            out[o] = parts[idx[axis]].at(inner);
        }
        return new Dense(shape, out);
    }

    /** Elements [start, start + len) along an axis. */
    static Dense narrow(Dense x, int axis, int start, int len) {
        int[] shape = x.shape.clone();
        shape[axis] = len;
        double[] out = new double[count(shape)];
        for (int o = 0; o < out.length; o++) {
            int[] idx = unflat(shape, o);
            idx[axis] += start;
            out[o] = x.at(idx);
        }
        return new Dense(shape, out);
    }

    /** PyTorch chunk sizes: ceil(n / chunks) each, the last one the rest. */
    static int[] chunkSizes(int n, int chunks) {
        int size = Math.max(1, (n + chunks - 1) / chunks);
        if (n == 0) return new int[] {0};
        int count = (n + size - 1) / size;
        int[] s = new int[count];
        for (int i = 0; i < count; i++) s[i] = Math.min(size, n - i * size);
        return s;
    }

    /** Constant pad, PyTorch order (last axis first), negative amounts crop. */
    static Dense pad(Dense x, int[] padding, double value) {
        int r = x.rank();
        int[] before = new int[r], shape = x.shape.clone();
        for (int p = 0; p < padding.length / 2; p++) {
            int axis = r - 1 - p;
            before[axis] = padding[2 * p];
            shape[axis] += padding[2 * p] + padding[2 * p + 1];
        }
        double[] out = new double[count(shape)];
        for (int o = 0; o < out.length; o++) {
            int[] idx = unflat(shape, o);
            boolean inside = true;
            for (int i = 0; i < r; i++) {
                idx[i] -= before[i];
                inside &= idx[i] >= 0 && idx[i] < x.shape[i];
            }
            out[o] = inside ? x.at(idx) : value;
        }
        return new Dense(shape, out);
    }

    /** x seen through an arbitrary axis order: result axis k is axis order[k] of x. */
    static Dense permute(Dense x, int[] order) {
        int[] shape = new int[order.length];
        for (int k = 0; k < order.length; k++) shape[k] = x.shape[order[k]];
        double[] out = new double[x.numel()];
        for (int o = 0; o < out.length; o++) {
            int[] idx = unflat(shape, o), src = new int[order.length];
            for (int k = 0; k < order.length; k++) src[order[k]] = idx[k];
            out[o] = x.at(src);
        }
        return new Dense(shape, out);
    }

    // ------------------------------------------------------------ convolution and pooling

    /** conv2d without bias, by its definition. */
    static Dense conv2d(Dense x, Dense w, Conv2dParams p) {
        int n = x.shape[0], cin = x.shape[1], h = x.shape[2], wd = x.shape[3];
        int cout = w.shape[0], cpg = w.shape[1], kh = w.shape[2], kw = w.shape[3];
        int g = p.groups(), opg = cout / g;
        int oh = (h + 2 * p.padH() - p.dilationH() * (kh - 1) - 1) / p.strideH() + 1;
        int ow = (wd + 2 * p.padW() - p.dilationW() * (kw - 1) - 1) / p.strideW() + 1;
        Dense out = Dense.zeros(n, cout, oh, ow);
        for (int b = 0; b < n; b++)
            for (int co = 0; co < cout; co++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double s = 0;
                        for (int c = 0; c < cpg; c++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++) {
                                    int y = i * p.strideH() - p.padH() + u * p.dilationH();
                                    int xx = j * p.strideW() - p.padW() + v * p.dilationW();
                                    if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
                                    s += x.at(b, (co / opg) * cpg + c, y, xx) * w.at(co, c, u, v);
                                }
                        out.data[flat(out.shape, new int[] {b, co, i, j})] = s;
                    }
        return out;
    }

    /**
     * Gradient of Σ gradOut·conv2d(x, w) with respect to x (wrt = 0) or w (wrt = 1): since conv2d is
     * linear in each argument, component e of the gradient is Σ gradOut·conv2d(unit e).
     */
    static Dense conv2dGrad(Dense x, Dense w, Dense gradOut, Conv2dParams p, int wrt) {
        Dense target = wrt == 0 ? x : w;
        double[] out = new double[target.numel()];
        for (int e = 0; e < out.length; e++) {
            double[] unit = new double[target.numel()];
            unit[e] = 1;
            Dense u = new Dense(target.shape, unit);
            Dense y = wrt == 0 ? conv2d(u, w, p) : conv2d(x, u, p);
            double s = 0;
            for (int i = 0; i < y.numel(); i++) s += y.data[i] * gradOut.data[i];
            out[e] = s;
        }
        return new Dense(target.shape.clone(), out);
    }

    /** Max pooling: {values, flat h·W + w indices of the first maximum}. */
    static Dense[] maxPool2d(Dense x, Pool2dParams p) {
        int n = x.shape[0], c = x.shape[1], h = x.shape[2], wd = x.shape[3];
        int oh = (h + 2 * p.padH() - p.dilationH() * (p.kH() - 1) - 1) / p.strideH() + 1;
        int ow = (wd + 2 * p.padW() - p.dilationW() * (p.kW() - 1) - 1) / p.strideW() + 1;
        Dense vals = Dense.zeros(n, c, oh, ow), idx = Dense.zeros(n, c, oh, ow);
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int u = 0; u < p.kH(); u++)
                            for (int v = 0; v < p.kW(); v++) {
                                int y = i * p.strideH() - p.padH() + u * p.dilationH();
                                int xx = j * p.strideW() - p.padW() + v * p.dilationW();
                                if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
                                double val = x.at(b, ch, y, xx);
                                if (at < 0 || val > best) { best = val; at = y * wd + xx; }
                            }
                        int f = flat(vals.shape, new int[] {b, ch, i, j});
                        vals.data[f] = best;
                        idx.data[f] = at;
                    }
        return new Dense[] {vals, idx};
    }

    static Dense avgPool2d(Dense x, Pool2dParams p) {
        int n = x.shape[0], c = x.shape[1], h = x.shape[2], wd = x.shape[3];
        int oh = (h + 2 * p.padH() - (p.kH() - 1) - 1) / p.strideH() + 1;
        int ow = (wd + 2 * p.padW() - (p.kW() - 1) - 1) / p.strideW() + 1;
        Dense out = Dense.zeros(n, c, oh, ow);
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double s = 0;
                        int inside = 0;
                        for (int u = 0; u < p.kH(); u++)
                            for (int v = 0; v < p.kW(); v++) {
                                int y = i * p.strideH() - p.padH() + u, xx = j * p.strideW() - p.padW() + v;
                                if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
                                s += x.at(b, ch, y, xx);
                                inside++;
                            }
                        out.data[flat(out.shape, new int[] {b, ch, i, j})] = s / (p.countIncludePad() ? p.kH() * p.kW() : inside);
                    }
        return out;
    }
}
