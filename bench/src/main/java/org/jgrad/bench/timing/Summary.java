package org.jgrad.bench.timing;

import java.util.Arrays;

/**
 * Order statistics and moments of a sample of timings x₁ … xₙ (seconds per call, one per repeat).
 *
 * <ul>
 *   <li>mean x̄ = Σxᵢ / n and the population standard deviation σ = √(Σ(xᵢ − x̄)² / n), as
 *       IPython's {@code %timeit} reports them;</li>
 *   <li>quantile q ∈ [0, 1] of the sorted sample by linear interpolation between closest ranks
 *       (position q·(n − 1), NumPy's default): median q = 0.5, quartiles q = 0.25 and 0.75, so
 *       IQR = Q3 − Q1;</li>
 *   <li>min and max.</li>
 * </ul>
 */
public record Summary(int count, double mean, double std, double min, double q1, double median, double q3, double max) {

    /** The summary of {@code samples} (at least one, all finite). */
    public static Summary of(double... samples) {
        if (samples.length == 0) throw new IllegalArgumentException("Summary: needs at least one sample");
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double x : sorted) {
            if (!Double.isFinite(x)) throw new IllegalArgumentException("Summary: samples must be finite, got " + Arrays.toString(samples));
            sum += x;
        }
        double mean = sum / sorted.length;
        double squares = 0;
        for (double x : sorted) squares += (x - mean) * (x - mean);
        return new Summary(sorted.length, mean, Math.sqrt(squares / sorted.length), sorted[0],
                quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75), sorted[sorted.length - 1]);
    }

    /** Quantile {@code q} of an ascending {@code sorted} sample, interpolated linearly at position q·(n − 1). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Interquartile range Q3 − Q1. */
    public double iqr() {
        return q3 - q1;
    }
}
