package org.jgrad.training.learner;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on an interactive console, drawn by me.tongfei:progressbar: the bar redrawn in
 * place five times a second, with the elapsed time and the time left, the running loss and the
 * batches per second; the finished bar stays as a line above the epoch table:
 * <pre>
 * train 0 100% [====================] 468/468 (0:00:21 / 0:00:00) loss 0.2619, 22.0 batches/s
 * </pre>
 */
public final class TerminalBars implements ProgressDisplay {
    private static final int REFRESH_MILLIS = 200;
    private final PrintStream out;

    public TerminalBars(PrintStream out) {
        this.out = out;
    }

    @Override
    public Bar start(String phase, int epoch, int batches) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(phase + " " + epoch).setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(REFRESH_MILLIS)
                .setConsumer(new ClosingOnce(out)).build();
        return new Bar() {
            @Override
            public void update(int done, double runningLoss, double batchesPerSecond) {
                bar.stepTo(done);
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f, %.1f batches/s", runningLoss, batchesPerSecond));
            }

            @Override
            public void finish() {
                bar.close();
            }
        };
    }

    /**
     * The console consumer, closed once: {@link ProgressBar#close()} can race its own refresh task
     * (both see the bar finished and close the consumer), which printed the final line twice.
     */
    private static final class ClosingOnce extends ConsoleProgressBarConsumer {
        private boolean closed;

        ClosingOnce(PrintStream out) {
            super(out);
        }

        @Override
        public synchronized void accept(String rendered) {
            if (!closed) super.accept(rendered);
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            super.close();
        }
    }
}
