package org.jgrad.training.learner;

import java.io.PrintStream;
import java.util.Locale;

/**
 * fastai's {@code EarlyStoppingCallback}: at the end of every epoch reads a {@link Monitor}ed value
 * ({@code valid_loss} or a metric); an epoch that improves on the best so far (by more than
 * {@code minDelta}) resets the count, any other adds one, and when {@code patience} epochs in a row
 * have not improved the fit is cancelled ({@link Callback.Cancel#FIT}) with a message such as
 * {@code "EarlyStopping: no improvement in valid_loss since epoch 2 (best 0.3124): stopping after epoch 5"}.
 * The first epoch always sets the best. The state starts afresh at every fit.
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final PrintStream out;
    private double best = Double.NaN;
    private int bestEpoch = -1, wait;
    private int stoppedAfterEpoch = -1;
    private String message;

    /**
     * @param monitor  {@code valid_loss}, {@code train_loss} or a metric name
     * @param patience epochs without improvement before stopping, {@code >= 1}
     * @param minDelta the least change that counts as an improvement, {@code >= 0}
     * @param mode     whether lower or higher is better
     */
    public EarlyStopping(String monitor, int patience, double minDelta, Monitor.Mode mode) {
        this(new Monitor(monitor, mode, minDelta), patience, System.out);
    }

    /** As fastai's default: {@code valid_loss}, lower is better, patience 1, minDelta 0. */
    public EarlyStopping() {
        this(Monitor.validLoss(), 1, System.out);
    }

    /**
     * @param out where the stop message is printed, or null
     */
    public EarlyStopping(Monitor monitor, int patience, PrintStream out) {
        if (patience < 1) throw new IllegalArgumentException("EarlyStopping: patience must be >= 1, got " + patience);
        this.monitor = monitor;
        this.patience = patience;
        this.out = out;
    }

    public Monitor monitor() { return monitor; }
    public int patience() { return patience; }

    @Override
    public void beforeFit(Learner learner) {
        best = Double.NaN;
        bestEpoch = -1;
        wait = 0;
        stoppedAfterEpoch = -1;
        message = null;
    }

    @Override
    public void afterEpoch(Learner learner) {
        double value = monitor.read(learner);
        if (monitor.improves(value, best)) {
            best = value;
            bestEpoch = learner.epoch();
            wait = 0;
            return;
        }
        if (++wait >= patience) {
            stoppedAfterEpoch = learner.epoch();
            message = String.format(Locale.ROOT, "EarlyStopping: no improvement in %s since epoch %d (best %.6g): stopping after epoch %d",
                    monitor.name(), bestEpoch, best, learner.epoch());
            if (out != null) out.println(message);
            throw Callback.Cancel.FIT;
        }
    }

    /** The best value in the current (or last) fit, NaN before any. */
    public double best() { return best; }

    /** The epoch of {@link #best()}, or -1. */
    public int bestEpoch() { return bestEpoch; }

    /** The epoch after which the last fit stopped, or -1 if it ran to the end. */
    public int stoppedAfterEpoch() { return stoppedAfterEpoch; }

    /** Why the last fit stopped, or null. */
    public String message() { return message; }
}
