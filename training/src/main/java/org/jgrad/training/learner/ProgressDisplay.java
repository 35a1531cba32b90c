package org.jgrad.training.learner;

import java.io.PrintStream;

/**
 * Where {@link ProgressPrinter} shows its progress bars: one bar per phase (the training or the
 * validation batches of one epoch), updated after every batch with the batches done, the running
 * loss and the speed.
 *
 * <p><b>Console or log.</b> {@link #forStream} is the one place that decides how progress looks:
 * on an interactive console (the stream is {@code System.out} and {@link System#console()} exists)
 * a {@link TerminalBars} bar redrawn in place (me.tongfei:progressbar); anywhere else (a pipe, a
 * file, a CI log, a test's stream) {@link LogLines}: no bar, one line per phase when it ends, so a
 * log gets two lines an epoch however many batches there are. A front end such as the notebook
 * kernel can give {@code System.out} its own display ({@link SystemOutProgress#install}).
 */
public interface ProgressDisplay {
    /**
     * A bar for one phase.
     *
     * @param phase   {@code train} or {@code valid}
     * @param epoch   the (0-based) epoch
     * @param batches the phase's number of batches
     */
    Bar start(String phase, int epoch, int batches);

    /** One phase's bar. */
    interface Bar {
        /**
         * The state after a batch.
         *
         * @param done             batches done in this phase, 1 … batches
         * @param runningLoss      the mean of this phase's batch losses so far
         * @param batchesPerSecond {@code done} over the seconds since the phase started
         */
        void update(int done, double runningLoss, double batchesPerSecond);

        /** The phase has ended (after its last batch, or cut short by a cancel). */
        void finish();
    }

    /** A bar redrawn in place on a console, lines on anything else; see the class comment. */
    static ProgressDisplay forStream(PrintStream out) {
        ProgressDisplay frontEnd = out == System.out ? SystemOutProgress.installedOrNull() : null;
        if (frontEnd != null) return frontEnd;
        return out == System.out && System.console() != null ? new TerminalBars(out) : new LogLines(out);
    }
}
