package org.jgrad.training.schedule;

import java.util.Arrays;

/**
 * A hyperparameter's value along a whole training run: {@link #at(double) at(pos)} for the
 * position {@code pos ∈ [0, 1]} (batches done / total batches), as fastai's annealers.
 *
 * <p>With start s, end e and position p:
 * <ul>
 *   <li>{@link #constant}: s</li>
 *   <li>{@link #linear}: s + p·(e − s)</li>
 *   <li>{@link #cosine}: s + (1 + cos(π·(1 − p)))·(e − s)/2 — s at p = 0, e at p = 1, flat at both ends</li>
 *   <li>{@link #exponential}: s·(e/s)^p (s, e &gt; 0)</li>
 *   <li>{@link #polynomial}: s + (e − s)·p^k</li>
 *   <li>{@link #steps}: piecewise constant, values[j] where j = number of boundaries ≤ p</li>
 *   <li>{@link #combine}: phases, each a schedule over its own share of the run (fastai's
 *       {@code combine_scheds})</li>
 *   <li>{@link #flatCosine}: constant, then cosine to the end (fastai's {@code fit_flat_cos})</li>
 * </ul>
 */
@FunctionalInterface
public interface Schedule {
    /** The value at position {@code pos} in [0, 1]. */
    double at(double pos);

    /** Always {@code value} (fastai's SchedNo). */
    static Schedule constant(double value) {
        return pos -> value;
    }

    /** s + p·(e − s) (fastai's SchedLin). */
    static Schedule linear(double start, double end) {
        return pos -> start + pos * (end - start);
    }

    /** s + (1 + cos(π·(1 − p)))·(e − s)/2 (fastai's SchedCos). */
    static Schedule cosine(double start, double end) {
        return pos -> start + (1 + Math.cos(Math.PI * (1 - pos))) * (end - start) / 2;
    }

    /** s·(e/s)^p (fastai's SchedExp); s and e must be positive. */
    static Schedule exponential(double start, double end) {
        if (!(start > 0) || !(end > 0))
            throw new IllegalArgumentException("Schedule.exponential: start and end must be > 0, got " + start + " and " + end);
        return pos -> start * Math.pow(end / start, pos);
    }

    /** s + (e − s)·p^power (fastai's SchedPoly). */
    static Schedule polynomial(double start, double end, double power) {
        if (!(power > 0)) throw new IllegalArgumentException("Schedule.polynomial: power must be > 0, got " + power);
        return pos -> start + (end - start) * Math.pow(pos, power);
    }

    /**
     * Piecewise constant: {@code values[0]} before {@code boundaries[0]}, {@code values[j]} from
     * {@code boundaries[j-1]} on; boundaries strictly increasing in (0, 1), one fewer than values.
     * E.g. {@code steps({0.5, 0.75}, {0.1, 0.01, 0.001})} divides by 10 at half and at three quarters.
     */
    static Schedule steps(double[] boundaries, double[] values) {
        if (values.length != boundaries.length + 1)
            throw new IllegalArgumentException("Schedule.steps: needs one more value than boundaries, got " + values.length + " values and " + boundaries.length + " boundaries");
        for (int i = 0; i < boundaries.length; i++)
            if (!(boundaries[i] > (i == 0 ? 0 : boundaries[i - 1])) || !(boundaries[i] < 1))
                throw new IllegalArgumentException("Schedule.steps: boundaries must be strictly increasing in (0, 1), got " + Arrays.toString(boundaries));
        double[] b = boundaries.clone(), v = values.clone();
        return pos -> {
            int j = 0;
            while (j < b.length && pos >= b[j]) j++;
            return v[j];
        };
    }

    /**
     * fastai's {@code combine_scheds(pcts, scheds)}: phase i covers a share {@code pcts[i]} of the
     * run (shares ≥ 0, summing to 1); within it, {@code scheds[i]} runs over its own position 0 → 1.
     * With c₀ = 0 and cᵢ₊₁ = cᵢ + pctsᵢ, position p is in the last phase i with p ≥ cᵢ, at local
     * position (p − cᵢ)/(cᵢ₊₁ − cᵢ); at p ≥ 1, the last schedule's value at 1. Zero-length phases
     * are never selected except as the last one.
     */
    static Schedule combine(double[] pcts, Schedule... scheds) {
        if (pcts.length != scheds.length || pcts.length == 0)
            throw new IllegalArgumentException("Schedule.combine: needs as many shares as schedules (at least one), got " + pcts.length + " and " + scheds.length);
        double[] c = new double[pcts.length + 1];
        for (int i = 0; i < pcts.length; i++) {
            if (!(pcts[i] >= 0)) throw new IllegalArgumentException("Schedule.combine: shares must be >= 0, got " + Arrays.toString(pcts));
            c[i + 1] = c[i] + pcts[i];
        }
        if (Math.abs(c[pcts.length] - 1) > 1e-9)
            throw new IllegalArgumentException("Schedule.combine: shares must sum to 1, got " + Arrays.toString(pcts) + " (sum " + c[pcts.length] + ")");
        Schedule[] s = scheds.clone();
        return pos -> {
            if (pos >= 1) return s[s.length - 1].at(1.0);
            int idx = 0;
            for (int i = 0; i < s.length; i++) if (pos >= c[i] && c[i + 1] > c[i]) idx = i;
            return s[idx].at((pos - c[idx]) / (c[idx + 1] - c[idx]));
        };
    }

    /**
     * Constant at {@code value} for the first {@code pctStart} of the run, then cosine down to
     * {@code end} (fastai's {@code fit_flat_cos}: pctStart 0.75, end = value/1e5).
     */
    static Schedule flatCosine(double value, double end, double pctStart) {
        if (!(pctStart >= 0 && pctStart <= 1)) throw new IllegalArgumentException("Schedule.flatCosine: pctStart must be in [0, 1], got " + pctStart);
        return combine(new double[] {pctStart, 1 - pctStart}, constant(value), cosine(value, end));
    }
}
