package org.jgrad.training.learner;

import java.util.Arrays;

/**
 * fastai's four learning-rate suggestions, as pure functions of an lr-find curve: the learning
 * rates {@code lrs} (increasing, exponentially spaced) and the smoothed losses recorded at them.
 *
 * <p><b>The window.</b> {@link #suggest} first cuts the curve as fastai's {@code lr_find} does:
 * it drops the first {@code numIt / 10} points ({@code numIt} is the number of iterations asked
 * for, not the number recorded), and the last {@value #SKIP_END}, then keeps only the points before
 * the first NaN loss. The four methods below then see only that window; indices are into it.
 *
 * <ul>
 *   <li>{@link #valley} (the default): the longest valley. For every point {@code i},
 *       {@code len[i]} is the length of the longest strictly decreasing sequence of losses that ends
 *       at {@code i} (points need not be adjacent: this is fastai's longest decreasing
 *       subsequence). {@code end} is the first point with the largest {@code len}, {@code len =
 *       len[end]}, {@code start = end - len} (one before the sequence's first point, as fastai).
 *       The suggestion is {@code lrs[start + floor(len/3) + floor(len/3/2)]}, about two thirds of
 *       the way down the valley; a negative index counts from the end, as in Python.</li>
 *   <li>{@link #steep}: the steepest drop of loss against log(lr): with
 *       {@code g[i] = (loss[i+1] - loss[i]) / (ln lr[i+1] - ln lr[i])}, the suggestion is
 *       {@code lrs[argmin g]} (the left point of the steepest segment).</li>
 *   <li>{@link #minimum}: {@code lrs[argmin loss] / 10} (the first minimum on ties); the marked
 *       point is the minimum itself.</li>
 *   <li>{@link #slide} ({@code lrDiff} = {@value #SLIDE_LR_DIFF}, {@code thresh} =
 *       {@value #SLIDE_THRESH}), the "interval slide rule": take the loss gradient per point,
 *       {@code d[i]} as numpy's {@code gradient} computes it with unit spacing (central
 *       differences {@code (loss[i+1] - loss[i-1]) / 2} inside, one-sided differences at both
 *       ends). Since the learning rates are evenly spaced in log(lr), this is the gradient
 *       against log(lr) up to the constant step, and {@code thresh} is in loss per point. Start
 *       with a right index {@code r = n - 1} and a left index {@code l = r - lrDiff}, and
 *       {@code suggestion = lrs[l]}. While {@code l >= 0} and {@code |d[r] - d[l]| > thresh}:
 *       set {@code suggestion = lrs[l]}, then move both indices one point left. The suggestion
 *       is thus where sliding a window of {@code lrDiff} points back from the end first finds
 *       the gradient at its two ends about equal (the flat, still-improving part before the
 *       loss blows up) — the left end of the last window that still differed.</li>
 * </ul>
 *
 * A method that has too few points in the window (none; fewer than 2 for steep; no more than
 * {@code lrDiff} for slide) suggests NaN.
 */
public final class LrSuggestions {
    /** Points dropped at the end of the curve before suggesting. */
    public static final int SKIP_END = 5;
    /** fastai's slide defaults. */
    public static final int SLIDE_LR_DIFF = 15;
    public static final double SLIDE_THRESH = 0.005;

    private LrSuggestions() {}

    /**
     * One suggestion: the learning rate to use, and the point of the curve to mark on a plot
     * ({@code pointLr}, {@code pointLoss}; for {@link #minimum} that is the minimum, ten times the
     * suggestion). All NaN when the method had too few points.
     */
    public record Suggestion(double lr, double pointLr, double pointLoss) {
        static final Suggestion NONE = new Suggestion(Double.NaN, Double.NaN, Double.NaN);

        static Suggestion at(double[] lrs, double[] losses, int i) {
            return new Suggestion(lrs[i], lrs[i], losses[i]);
        }
    }

    /** The four suggestions of one lr-find run. */
    public record Suggestions(Suggestion valley, Suggestion steep, Suggestion minimum, Suggestion slide) {}

    /** The window of a curve that the suggestions look at (see the class comment). */
    public record Window(double[] lrs, double[] losses) {
        public int size() {
            return losses.length;
        }
    }

    /**
     * Cuts the curve to its window: drops the first {@code numIt / 10} and the last
     * {@value #SKIP_END} points, then everything from the first NaN loss on.
     */
    public static Window window(double[] lrs, double[] losses, int numIt) {
        if (lrs.length != losses.length)
            throw new IllegalArgumentException("LrSuggestions: " + lrs.length + " learning rates but " + losses.length + " losses");
        int from = Math.max(0, numIt / 10), to = losses.length - SKIP_END;
        if (to <= from) return new Window(new double[0], new double[0]);
        int end = from;
        while (end < to && !Double.isNaN(losses[end])) end++;
        return new Window(Arrays.copyOfRange(lrs, from, end), Arrays.copyOfRange(losses, from, end));
    }

    /** All four suggestions on the window of the curve. */
    public static Suggestions suggest(double[] lrs, double[] losses, int numIt) {
        Window w = window(lrs, losses, numIt);
        return new Suggestions(valley(w.lrs(), w.losses()), steep(w.lrs(), w.losses()), minimum(w.lrs(), w.losses()),
                slide(w.lrs(), w.losses(), SLIDE_LR_DIFF, SLIDE_THRESH));
    }

    /** The longest valley, about two thirds of the way down it (see the class comment). */
    public static Suggestion valley(double[] lrs, double[] losses) {
        int n = losses.length;
        if (n == 0) return Suggestion.NONE;
        int[] len = new int[n];
        Arrays.fill(len, 1);
        int end = 0;
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++)
                if (losses[i] < losses[j] && len[i] < len[j] + 1) len[i] = len[j] + 1;
            if (len[end] < len[i]) end = i;
        }
        int start = end - len[end];
        double sections = (end - start) / 3.0;
        int idx = start + (int) sections + (int) (sections / 2);
        if (idx < 0) idx += n;   // Python indexing, as fastai (only when the valley starts at point 0 and has < 3 points)
        return Suggestion.at(lrs, losses, idx);
    }

    /** The steepest drop of loss against ln(lr): the left point of the steepest segment. */
    public static Suggestion steep(double[] lrs, double[] losses) {
        int n = losses.length;
        if (n < 2) return Suggestion.NONE;
        int best = 0;
        double bestGrad = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < n; i++) {
            double g = (losses[i + 1] - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i]));
            if (g < bestGrad) {
                bestGrad = g;
                best = i;
            }
        }
        return Suggestion.at(lrs, losses, best);
    }

    /** A tenth of the learning rate at the lowest loss; the marked point is the minimum itself. */
    public static Suggestion minimum(double[] lrs, double[] losses) {
        int n = losses.length;
        if (n == 0) return Suggestion.NONE;
        int best = 0;
        for (int i = 1; i < n; i++) if (losses[i] < losses[best]) best = i;
        return new Suggestion(lrs[best] / 10, lrs[best], losses[best]);
    }

    /** The interval slide rule (see the class comment). */
    public static Suggestion slide(double[] lrs, double[] losses, int lrDiff, double thresh) {
        int n = losses.length;
        if (lrDiff < 1) throw new IllegalArgumentException("LrSuggestions.slide: lrDiff must be >= 1, got " + lrDiff);
        if (n <= lrDiff) return Suggestion.NONE;
        double[] d = gradient(losses);
        int r = n - 1, l = r - lrDiff, found = l;
        while (l >= 0 && Math.abs(d[r] - d[l]) > thresh) {
            found = l;
            r--;
            l--;
        }
        return Suggestion.at(lrs, losses, found);
    }

    /** numpy's {@code gradient} with unit spacing: central differences inside, one-sided at the ends ({@code y.length >= 2}). */
    static double[] gradient(double[] y) {
        int n = y.length;
        double[] d = new double[n];
        d[0] = y[1] - y[0];
        d[n - 1] = y[n - 1] - y[n - 2];
        for (int i = 1; i < n - 1; i++) d[i] = (y[i + 1] - y[i - 1]) / 2;
        return d;
    }
}
