package org.jgrad.training.learner;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress for logs, pipes and tests: no bar, one line when a phase ends, e.g.
 * <pre>
 * train 0: 468/468 batches, loss 0.2619, 22.0 batches/s
 * </pre>
 * (the batches done, the mean batch loss, the batches per second; fewer batches than the phase
 * has when it was cut short).
 */
public final class LogLines implements ProgressDisplay {
    private final PrintStream out;

    public LogLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public Bar start(String phase, int epoch, int batches) {
        return new Bar() {
            private int done;
            private double loss = Double.NaN, rate;

            @Override
            public void update(int done, double runningLoss, double batchesPerSecond) {
                this.done = done;
                loss = runningLoss;
                rate = batchesPerSecond;
            }

            @Override
            public void finish() {
                out.println(line(phase, epoch, done, batches, loss, rate));
            }
        };
    }

    /**
     * One phase's state as a line, {@code train 0: 468/468 batches, loss 0.2619, 22.0 batches/s};
     * before its first batch (loss NaN) only {@code train 0: 0/468 batches}. Other displays (the
     * notebook's bar) write the same words.
     */
    public static String line(String phase, int epoch, int done, int batches, double loss, double batchesPerSecond) {
        String head = String.format(Locale.ROOT, "%s %d: %d/%d batches", phase, epoch, done, batches);
        return Double.isNaN(loss) ? head : head + String.format(Locale.ROOT, ", loss %.4f, %.1f batches/s", loss, batchesPerSecond);
    }
}
