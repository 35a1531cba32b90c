package org.jgrad.training.learner;

/**
 * What {@link LrFinder} recorded: for every iteration run, the learning rate, the raw batch loss
 * and the smoothed loss (what fastai plots and suggests from), and the suggestions computed from
 * the smoothed curve. The arrays are the result's own; do not change them.
 *
 * @param lrs         learning rate of each iteration, {@code start * (end/start)^(i/(numIt-1))}
 * @param losses      smoothed (debiased exponential moving average) loss after each iteration
 * @param rawLosses   the batch loss of each iteration
 * @param numIt       the number of iterations asked for (fewer were run when {@code diverged})
 * @param diverged    true when the sweep stopped early: the smoothed loss exceeded 4x its best, or was NaN
 * @param suggestions the four suggestions ({@link LrSuggestions#suggest})
 */
public record LrFindResult(double[] lrs, double[] losses, double[] rawLosses, int numIt, boolean diverged,
                           LrSuggestions.Suggestions suggestions) {
    /** The default suggestion, fastai's valley. */
    public double valley() {
        return suggestions.valley().lr();
    }

    /** Number of iterations run. */
    public int iterations() {
        return lrs.length;
    }
}
