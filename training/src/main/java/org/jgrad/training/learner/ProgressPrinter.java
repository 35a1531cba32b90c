package org.jgrad.training.learner;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Shows training as it happens: a progress bar per epoch (redrawn in place on a terminal, a line
 * every 10% otherwise) and fastai's epoch table:
 * <pre>
 * epoch  train_loss  valid_loss  accuracy  time
 * 0      0.152319    0.061207    0.981200  00:24
 * </pre>
 */
public final class ProgressPrinter implements Callback {
    private static final int BAR = 30;
    private final PrintStream out;
    private final boolean interactive;
    private int batch, lastDecile;
    private long epochStart;
    private boolean headerPrinted;

    public ProgressPrinter(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void beforeTrain(Learner learner) {
        batch = 0;
        lastDecile = 0;
        epochStart = System.nanoTime();
    }

    @Override
    public void afterBatch(Learner learner) {
        if (!learner.isTraining()) return;
        batch++;
        int total = learner.dls().train().batchCount();
        int decile = total == 0 ? 10 : batch * 10 / total;
        if (!interactive && decile == lastDecile) return;
        lastDecile = decile;
        int filled = total == 0 ? BAR : batch * BAR / total;
        String line = String.format(Locale.ROOT, "epoch %d [%s%s] %d/%d batches, loss %.4f, %s",
                learner.epoch(), "=".repeat(filled), " ".repeat(BAR - filled), batch, total, learner.lastLoss(), clock(seconds()));
        if (interactive) out.print("\r" + line);
        else out.println(line);
    }

    @Override
    public void afterTrain(Learner learner) {
        if (interactive) out.print("\r" + " ".repeat(BAR + 60) + "\r");
    }

    @Override
    public void afterEpoch(Learner learner) {
        EpochResult r = learner.recorder().epochs().get(learner.recorder().epochs().size() - 1);
        if (!headerPrinted) {
            StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-6s %-11s %-11s", "epoch", "train_loss", "valid_loss"));
            for (String name : r.metrics().keySet()) h.append(String.format(Locale.ROOT, " %-10s", name));
            out.println(h.append(" time"));
            headerPrinted = true;
        }
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-6d %-11.6f %-11.6f", r.epoch(), r.trainLoss(), r.validLoss()));
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) row.append(String.format(Locale.ROOT, " %-10.6f", m.getValue()));
        out.println(row.append(' ').append(clock(r.seconds())));
    }

    private double seconds() {
        return (System.nanoTime() - epochStart) / 1e9;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
