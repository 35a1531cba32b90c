package org.jgrad.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PyTorch-like printing: {@code tensor([[ 0.5000, -1.2500], ...], shape=(2, 2), dtype=float32,
 * device=cpu)}. Arrays of more than {@value #SUMMARY_THRESHOLD} elements show the first and last
 * {@value #EDGE_ITEMS} entries of each long axis around {@code ...}.
 */
public final class NDArrayFormatter {
    static final int SUMMARY_THRESHOLD = 1000;
    static final int EDGE_ITEMS = 3;

    private NDArrayFormatter() {}

    /** The text {@link NDArray#toString()} gives. */
    public static String format(NDArray x) {
        NDArray host = x.to(Device.CPU);
        boolean summarize = summarizes(host);
        List<Double> shown = new ArrayList<>();
        collect(host, summarize, shown);
        ValueFormat fmt = ValueFormat.choose(host.dtype(), shown);
        StringBuilder sb = new StringBuilder("tensor(");
        appendNested(sb, host, summarize, fmt, "tensor(".length() + 1);
        sb.append(", shape=").append(Shapes.format(x.shape())).append(", dtype=").append(x.dtype()).append(", device=").append(x.device()).append(')');
        return sb.toString();
    }

    /** Whether {@code x} prints summarized: more than {@value #SUMMARY_THRESHOLD} elements. */
    public static boolean summarizes(NDArray x) {
        return x.numel() > SUMMARY_THRESHOLD;
    }

    private static void collect(NDArray x, boolean summarize, List<Double> out) {
        if (x.rank() == 0) {
            out.add(x.item());
            return;
        }
        for (int i : shownIndices(x.shape(0), summarize)) if (i >= 0) collect(x.select(0, i), summarize, out);
    }

    /** The indices to print along an axis of length {@code n}; -1 marks the ellipsis (also for other views, e.g. a notebook's table). */
    public static int[] shownIndices(int n, boolean summarize) {
        if (!summarize || n <= 2 * EDGE_ITEMS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] r = new int[2 * EDGE_ITEMS + 1];
        for (int i = 0; i < EDGE_ITEMS; i++) {
            r[i] = i;
            r[EDGE_ITEMS + 1 + i] = n - EDGE_ITEMS + i;
        }
        r[EDGE_ITEMS] = -1;
        return r;
    }

    private static void appendNested(StringBuilder sb, NDArray x, boolean summarize, ValueFormat fmt, int indent) {
        if (x.rank() == 0) {
            sb.append(fmt.format(x.item()));
            return;
        }
        sb.append('[');
        int[] idx = shownIndices(x.shape(0), summarize);
        String separator = x.rank() == 1 ? ", " : "," + "\n".repeat(x.rank() - 1) + " ".repeat(indent);
        for (int k = 0; k < idx.length; k++) {
            if (k > 0) sb.append(separator);
            if (idx[k] < 0) sb.append("...");
            else appendNested(sb, x.select(0, idx[k]), summarize, fmt, indent + 1);
        }
        sb.append(']');
    }

    /** How numbers are written: integers, fixed 4 decimals, or scientific, padded to one width. */
    private record ValueFormat(DType dtype, String mode, int width) {
        static ValueFormat choose(DType dtype, List<Double> values) {
            String mode;
            if (dtype == DType.BOOL) mode = "bool";
            else if (!dtype.isFloating()) mode = "int";
            else {
                double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
                boolean integral = true;
                for (double v : values) {
                    if (!Double.isFinite(v)) continue;
                    double a = Math.abs(v);
                    maxAbs = Math.max(maxAbs, a);
                    if (a > 0) minAbs = Math.min(minAbs, a);
                    integral &= v == Math.rint(v);
                }
                if (integral && maxAbs < 1e8) mode = "integral";
                else if (maxAbs >= 1e8 || (minAbs < 1e-4) || maxAbs / minAbs > 1e3) mode = "sci";
                else mode = "fixed";
            }
            int width = 0;
            ValueFormat probe = new ValueFormat(dtype, mode, 0);
            for (double v : values) width = Math.max(width, probe.format(v).length());
            return new ValueFormat(dtype, mode, width);
        }

        String format(double v) {
            String s;
            if (Double.isNaN(v)) s = "nan";
            else if (Double.isInfinite(v)) s = v > 0 ? "inf" : "-inf";
            else s = switch (mode) {
                case "bool" -> v != 0 ? "True" : "False";
                case "int" -> Long.toString((long) v);
                case "integral" -> String.format(Locale.ROOT, "%.0f.", v);
                case "sci" -> String.format(Locale.ROOT, "%.4e", v);
                default -> String.format(Locale.ROOT, "%.4f", v);
            };
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
