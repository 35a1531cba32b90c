package org.jgrad.bench.report;

import java.util.Arrays;
import org.jgrad.bench.harness.Result;

/**
 * A time ratio between two engines on one case, with its spread: {@code ofMedians} = median seconds per
 * call of {@code a} / that of {@code b} (below 1: {@code a} is faster); the spread pairs the two
 * engines' timed loops in the order they ran, r_k = a's k-th loop / b's k-th loop for
 * k = 1 … min(loops of a, loops of b), and gives the lowest and highest r_k. The harness runs the two
 * engines' loops of one case one after the other (a's, then b's, within seconds), so a pair is two
 * loops close in time: when the machine's speed drifts, both loops of a pair see about the same
 * machine. With one loop each (an epoch) the spread is that one pair.
 *
 * @param pairs how many loop pairs the spread is taken over (0 when a result kept no samples: then low and high are NaN)
 */
public record PairedRatio(double ofMedians, double low, double high, int pairs) {

    public static PairedRatio of(Result a, Result b) {
        if (!a.ran() || !b.ran()) return new PairedRatio(Double.NaN, Double.NaN, Double.NaN, 0);
        double ratio = a.seconds().median() / b.seconds().median();
        int n = Math.min(a.samples().length, b.samples().length);
        if (n == 0) return new PairedRatio(ratio, Double.NaN, Double.NaN, 0);
        double[] r = new double[n];
        for (int k = 0; k < n; k++) r[k] = a.samples()[k] / b.samples()[k];
        Arrays.sort(r);
        return new PairedRatio(ratio, r[0], r[n - 1], n);
    }

    /** Whether the spread was computed. */
    public boolean hasSpread() {
        return pairs > 0;
    }
}
