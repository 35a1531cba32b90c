package org.jgrad.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.Engine;
import org.jgrad.bench.harness.Result;
import org.jgrad.tensor.DType;

/**
 * A speed-up: the rate of the {@code numerator} column over that of the {@code denominator} column on
 * the same case and dtype (above 1: the numerator is faster). Which pairs a report shows
 * ({@link #pairs}): jgrad against every peer on the same device (jgrad/peer), and jgrad on each
 * accelerator against jgrad on the CPU (GPU/CPU). Columns of an emulated device (device names
 * ending in {@link Engine#EMULATED}) are in no ratio: their timings are the host's.
 */
public record Ratio(String numerator, String denominator, String title) {
    /** Whether a column's device is an emulation on the host ({@link Engine#EMULATED}). */
    public static boolean emulated(String column) {
        return device(column).endsWith(Engine.EMULATED);
    }

    /** The ratios worth showing between these engine@device columns. */
    public static List<Ratio> pairs(List<String> columns) {
        List<Ratio> out = new ArrayList<>();
        for (String c : columns) {
            if (!engine(c).equals("jgrad") || emulated(c)) continue;
            for (String peer : columns)
                if (!engine(peer).equals("jgrad") && device(peer).equals(device(c)))
                    out.add(new Ratio(c, peer, "jgrad/" + engine(peer) + " " + device(c)));
        }
        for (String c : columns)
            if (engine(c).equals("jgrad") && !device(c).equals("cpu") && !emulated(c) && columns.contains("jgrad@cpu"))
                out.add(new Ratio(c, "jgrad@cpu", "jgrad " + device(c) + "/cpu"));
        return out;
    }

    /** The ratio for {@code c} in {@code dtype}, NaN where either side did not run. */
    public double of(List<Result> results, Case c, DType dtype) {
        double top = find(results, numerator, c, dtype).map(Result::rate).orElse(Double.NaN);
        double bottom = find(results, denominator, c, dtype).map(Result::rate).orElse(Double.NaN);
        return top / bottom;
    }

    static Optional<Result> find(List<Result> results, String column, Case c, DType dtype) {
        for (Result r : results)
            if (r.column().equals(column) && r.dtype() == dtype && r.benchCase().equals(c) && r.ran()) return Optional.of(r);
        return Optional.empty();
    }

    static String engine(String column) {
        return column.substring(0, column.indexOf('@'));
    }

    static String device(String column) {
        return column.substring(column.indexOf('@') + 1);
    }
}
