package org.jgrad.training.learner;

/**
 * A fit stopped because its thread was interrupted (a notebook's interrupt button, a
 * {@link Thread#interrupt()} from a caller): the {@link Learner} checks after every training
 * batch, so the model and the optimizer are as that batch left them, {@code afterFit} has run,
 * and a later {@code fit} starts cleanly. The thread's interrupt flag is cleared.
 */
public final class FitInterrupted extends RuntimeException {
    private final int epoch, batches;

    FitInterrupted(int epoch, int batches) {
        super("fit interrupted after batch " + batches + " of epoch " + epoch + "; the model and optimizer are as that batch left them");
        this.epoch = epoch;
        this.batches = batches;
    }

    /** The (0-based) epoch that was running. */
    public int epoch() {
        return epoch;
    }

    /** How many of its training batches had finished. */
    public int batches() {
        return batches;
    }
}
