package org.jgrad.training.experiment;

import java.util.List;
import java.util.Locale;

/**
 * What several seeds of one setting gave: the count, the mean {@code m = Σx/n}, the sample
 * standard deviation {@code s = sqrt(Σ(x - m)² / (n - 1))} (0 for one value), the smallest and
 * the largest value.
 */
public record Spread(int n, double mean, double sd, double min, double max) {
    public static Spread of(List<Double> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("Spread.of: no values");
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / values.size(), squares = 0;
        for (double v : values) squares += (v - mean) * (v - mean);
        double sd = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0;
        return new Spread(values.size(), mean, sd, min, max);
    }

    /** The median: the middle value, or the mean of the two middle ones. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("Spread.median: no values");
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int h = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }

    /** As percentages: {@code 97.12 ± 0.15 (96.98–97.30)}, for accuracies in [0, 1]. */
    public String percent() {
        return String.format(Locale.ROOT, "%.2f ± %.2f (%.2f–%.2f)", 100 * mean, 100 * sd, 100 * min, 100 * max);
    }
}
