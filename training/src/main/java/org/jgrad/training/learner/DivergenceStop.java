package org.jgrad.training.learner;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Stops a fit whose training loss diverges: right after a training batch's loss is computed (before
 * backward and the optimizer step, so the weights are not touched by it), the fit is cancelled
 * ({@link Callback.Cancel#FIT}) when the loss is NaN or infinite, or above {@code factor} (4 by
 * default, as fastai's {@code lr_find} stop) times the lowest loss seen so far in this fit.
 *
 * <p>The reason, naming the epoch, the batch within it, the batch count over the fit and the loss,
 * is kept ({@link #message()}) and printed to the given stream (none when it is null):
 * <pre>
 * DivergenceStop: training loss NaN at epoch 0, batch 3 (batch 3 of the fit); best so far 1.0986
 * </pre>
 * The raw batch loss is checked, not a smoothed one; a noisy loss can trip the 4× rule, so use a
 * larger factor for small batches.
 */
public final class DivergenceStop implements Callback {
    private final double factor;
    private final PrintStream out;
    private double best;
    private int batchInEpoch;
    private long batchInFit, stoppedAtBatch = -1;
    private int stoppedAtEpoch = -1;
    private String message;

    /** Factor 4, messages to standard error. */
    public DivergenceStop() {
        this(4, System.err);
    }

    /**
     * @param factor stop when the loss exceeds {@code factor × best}; must be > 1
     * @param out    where the message is printed, or null
     */
    public DivergenceStop(double factor, PrintStream out) {
        if (!(factor > 1)) throw new IllegalArgumentException("DivergenceStop: factor must be > 1, got " + factor);
        this.factor = factor;
        this.out = out;
    }

    @Override
    public void beforeFit(Learner learner) {
        best = Double.POSITIVE_INFINITY;
        batchInFit = 0;
        stoppedAtBatch = -1;
        stoppedAtEpoch = -1;
        message = null;
    }

    @Override
    public void beforeTrain(Learner learner) {
        batchInEpoch = 0;
    }

    @Override
    public void afterLoss(Learner learner) {
        if (!learner.isTraining()) return;
        double loss = learner.lastLoss();
        String reason = null;
        if (Double.isNaN(loss) || Double.isInfinite(loss)) reason = "training loss " + loss;
        else if (best > 0 && !Double.isInfinite(best) && loss > factor * best)
            reason = String.format(Locale.ROOT, "training loss %.6g is above %s x the best", loss, fmt(factor));
        if (reason != null) {
            stoppedAtBatch = batchInEpoch;
            stoppedAtEpoch = learner.epoch();
            message = String.format(Locale.ROOT, "DivergenceStop: %s at epoch %d, batch %d (batch %d of the fit); best so far %.6g",
                    reason, learner.epoch(), batchInEpoch, batchInFit, best);
            if (out != null) out.println(message);
            throw Callback.Cancel.FIT;
        }
        best = Math.min(best, loss);
    }

    @Override
    public void afterBatch(Learner learner) {
        if (!learner.isTraining()) return;
        batchInEpoch++;
        batchInFit++;
    }

    /** Why the last fit was stopped, or null if it was not. */
    public String message() { return message; }

    /** Whether the last fit was stopped. */
    public boolean stopped() { return message != null; }

    /** The epoch where the last fit was stopped, or -1. */
    public int stoppedAtEpoch() { return stoppedAtEpoch; }

    /** The (0-based) batch within its epoch where the last fit was stopped, or -1. */
    public long stoppedAtBatch() { return stoppedAtBatch; }

    /** The lowest training loss seen in the last fit. */
    public double bestLoss() { return best; }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
