package org.jgrad.training.optim;

import java.util.Arrays;

/**
 * Learning rates for a model's layer groups (discriminative learning rates), as fastai's
 * {@code slice}:
 * <ul>
 *   <li>{@link #slice(double) slice(hi)} over n groups: {@code [hi/10, …, hi/10, hi]} (the last
 *       group, usually the new head, gets hi; the body a tenth of it);</li>
 *   <li>{@link #slice(double, double) slice(lo, hi)}: n values spaced geometrically from lo to hi,
 *       fastai's {@code even_mults}: {@code lo·(hi/lo)^(i/(n−1))} for i = 0 … n−1 (just hi when n = 1);</li>
 *   <li>{@link #ratio(double, double) ratio(hi, f)}: any factor between neighbouring groups,
 *       {@code hi / f^(n−1−i)} (ULMFiT used f = 2.6);</li>
 *   <li>{@link #of(double...)}: given values, one per group (or one for all).</li>
 * </ul>
 * {@link #values(int)} gives the array for {@link Optimizer#setLr(double...)}.
 */
public abstract class Lr {
    private Lr() {}

    /** The learning rate of each of {@code groups} layer groups, first group first. */
    public abstract double[] values(int groups);

    /** The learning rate of the last group (what one-cycle calls lr_max for the head). */
    public double max(int groups) {
        double[] v = values(groups);
        return v[v.length - 1];
    }

    /** fastai's {@code slice(hi)}: hi/10 for every group but the last, hi for the last. */
    public static Lr slice(double hi) {
        checkPositive("slice", "hi", hi);
        return new Lr() {
            @Override public double[] values(int n) {
                checkGroups(n);
                double[] out = new double[n];
                Arrays.fill(out, hi / 10);
                out[n - 1] = hi;
                return out;
            }
            @Override public String toString() { return "slice(" + hi + ")"; }
        };
    }

    /** fastai's {@code slice(lo, hi)}: {@link #evenMults(double, double, int) evenMults(lo, hi, n)}. */
    public static Lr slice(double lo, double hi) {
        checkPositive("slice", "lo", lo);
        checkPositive("slice", "hi", hi);
        return new Lr() {
            @Override public double[] values(int n) { return evenMults(lo, hi, n); }
            @Override public String toString() { return "slice(" + lo + ", " + hi + ")"; }
        };
    }

    /** {@code hi / factor^(n−1−i)} for group i: neighbouring groups differ by {@code factor}. */
    public static Lr ratio(double hi, double factor) {
        checkPositive("ratio", "hi", hi);
        checkPositive("ratio", "factor", factor);
        return new Lr() {
            @Override public double[] values(int n) {
                checkGroups(n);
                double[] out = new double[n];
                for (int i = 0; i < n; i++) out[i] = hi / Math.pow(factor, n - 1 - i);
                return out;
            }
            @Override public String toString() { return "ratio(" + hi + ", " + factor + ")"; }
        };
    }

    /** Fixed values: one for every group, or exactly one per group. */
    public static Lr of(double... lrs) {
        if (lrs.length == 0) throw new IllegalArgumentException("Lr.of: needs at least one learning rate");
        for (double v : lrs) if (!(v >= 0)) throw new IllegalArgumentException("Lr.of: learning rates must be >= 0, got " + v);
        double[] copy = lrs.clone();
        return new Lr() {
            @Override public double[] values(int n) {
                checkGroups(n);
                if (copy.length == 1) { double[] out = new double[n]; Arrays.fill(out, copy[0]); return out; }
                if (copy.length != n) throw new IllegalArgumentException("Lr.of: " + copy.length + " learning rates for " + n + " layer groups");
                return copy.clone();
            }
            @Override public String toString() { return "Lr" + Arrays.toString(copy); }
        };
    }

    /**
     * fastai's {@code even_mults(start, stop, n)}: n values from start to stop, each the previous
     * times {@code (stop/start)^(1/(n−1))}; {@code [stop]} when n = 1.
     */
    public static double[] evenMults(double start, double stop, int n) {
        checkGroups(n);
        if (n == 1) return new double[] {stop};
        double step = Math.pow(stop / start, 1.0 / (n - 1));
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = start * Math.pow(step, i);
        return out;
    }

    private static void checkGroups(int n) {
        if (n < 1) throw new IllegalArgumentException("Lr: the number of layer groups must be >= 1, got " + n);
    }

    private static void checkPositive(String fn, String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("Lr." + fn + ": " + what + " must be positive and finite, got " + v);
    }
}
