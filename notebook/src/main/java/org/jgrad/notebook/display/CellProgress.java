package org.jgrad.notebook.display;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.jgrad.training.learner.LogLines;
import org.jgrad.training.learner.ProgressDisplay;

/**
 * A fit's progress bar in a notebook cell, as fastai shows it: one HTML {@code <progress>} bar with
 * the phase, the batches done, the running loss and the speed, published when the first phase
 * starts and then replaced in place (Jupyter's {@code update_display_data}) at most every
 * {@value #REFRESH_MILLIS} ms, at the end of each phase and by each next phase; the epoch table
 * prints below it as text.
 */
public final class CellProgress implements ProgressDisplay {
    static final int REFRESH_MILLIS = 100;
    private static final AtomicInteger DISPLAYS = new AtomicInteger();
    private final Consumer<DisplayData> show, update;
    private final String id = "jgrad-progress-" + DISPLAYS.incrementAndGet();
    private boolean shown;

    /** Bars on the kernel's display stream. */
    public CellProgress(DisplayStream stream) {
        this(stream::display, stream::updateDisplay);
    }

    /** Bars through the two operations (tests record them). */
    CellProgress(Consumer<DisplayData> show, Consumer<DisplayData> update) {
        this.show = show;
        this.update = update;
    }

    @Override
    public Bar start(String phase, int epoch, int batches) {
        DisplayData first = bar(id, phase, epoch, 0, batches, Double.NaN, 0);
        if (shown) {
            update.accept(first);
        } else {
            System.out.flush();
            show.accept(first);
            shown = true;
        }
        return new Bar() {
            private long lastDrawn = System.nanoTime();
            private int done;
            private double loss = Double.NaN, speed;

            @Override
            public void update(int done, double runningLoss, double batchesPerSecond) {
                this.done = done;
                loss = runningLoss;
                speed = batchesPerSecond;
                long now = System.nanoTime();
                if (now - lastDrawn < REFRESH_MILLIS * 1_000_000L) return;
                lastDrawn = now;
                update.accept(bar(id, phase, epoch, done, batches, loss, speed));
            }

            @Override
            public void finish() {
                update.accept(bar(id, phase, epoch, done, batches, loss, speed));
            }
        };
    }

    /** The bar's display data: HTML, and a text line for plain front ends. */
    static DisplayData bar(String id, String phase, int epoch, int done, int batches, double loss, double speed) {
        String status = LogLines.line(phase, epoch, done, batches, loss, speed);
        DisplayData d = new DisplayData(status);
        d.putHTML("<div style=\"font-family: monospace\"><progress value=\"" + done + "\" max=\"" + batches
                + "\" style=\"width: 300px; vertical-align: middle\"></progress> " + ArrayTable.escape(status) + "</div>");
        d.setDisplayId(id);
        return d;
    }
}
