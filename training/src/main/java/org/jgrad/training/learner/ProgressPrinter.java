package org.jgrad.training.learner;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Shows training as it happens: a progress bar over the batches of each training and validation
 * phase, driven by the batch events (on the {@link ProgressDisplay} chosen for the stream: redrawn
 * in place on a console, one line per phase in a log), and fastai's epoch table:
 * <pre>
 * epoch  train_loss  valid_loss  accuracy  time
 * 0      0.152319    0.061207    0.981200  00:24
 * </pre>
 * With {@link Learner#diagnose(boolean) the loss diagnosis} on, each row is followed by its
 * {@link LossDiagnosis} lines, indented, and a fit of several epochs ends with its summary:
 * <pre>
 * epoch  train_loss  valid_loss  accuracy   time
 * 0      0.350598    0.045547    0.984375   00:00
 * 1      0.137951    25.202436   0.921875   00:00
 *        learning rate: the loss swings between batches (by 0.3449 on average beyond its drift, ...
 * fit: the loss swung widely, grew or was not finite in epoch 1: the learning rate is too high; ...
 * </pre>
 * A bar shows the batches done, the running loss (the mean of the phase's batch losses so far;
 * at the end of training it is the table's train_loss) and the batches per second since the
 * phase began.
 */
public final class ProgressPrinter implements Callback {
    private final PrintStream out;
    private final ProgressDisplay display;
    private ProgressDisplay.Bar bar;
    private int batches;
    private double lossSum;
    private long phaseStart;
    private boolean headerPrinted;

    /** Bars on {@link ProgressDisplay#forStream(PrintStream) the display that suits} {@code out}, the table on {@code out}. */
    public ProgressPrinter(PrintStream out) {
        this(out, ProgressDisplay.forStream(out));
    }

    /** Bars on {@code display}, the table on {@code out}. */
    public ProgressPrinter(PrintStream out, ProgressDisplay display) {
        this.out = out;
        this.display = display;
    }

    /** A learner with a history (a resumed run, restored from its checkpoint) starts the table with it. */
    @Override
    public void beforeFit(Learner learner) {
        if (headerPrinted) return;
        for (int k = 0; k < learner.recorder().epochs().size(); k++) printRow(learner, k);
    }

    @Override
    public void beforeTrain(Learner learner) {
        startPhase("train", learner, learner.dls().train().batchCount());
    }

    @Override
    public void beforeValidate(Learner learner) {
        startPhase("valid", learner, learner.dls().valid().batchCount());
    }

    private void startPhase(String phase, Learner learner, int total) {
        finishPhase();
        batches = 0;
        lossSum = 0;
        phaseStart = System.nanoTime();
        bar = display.start(phase, learner.epoch(), total);
    }

    @Override
    public void afterBatch(Learner learner) {
        if (bar == null) return;
        batches++;
        lossSum += learner.lastLoss();
        double seconds = (System.nanoTime() - phaseStart) / 1e9;
        bar.update(batches, lossSum / batches, seconds > 0 ? batches / seconds : 0);
    }

    @Override
    public void afterTrain(Learner learner) {
        finishPhase();
    }

    @Override
    public void afterValidate(Learner learner) {
        finishPhase();
    }

    @Override
    public void afterEpoch(Learner learner) {
        finishPhase();   // a phase cut short by a cancel
        printRow(learner, learner.recorder().epochs().size() - 1);
    }

    /** Row {@code k} of the recorder's table, then its diagnoses when they are on. */
    private void printRow(Learner learner, int k) {
        printRow(learner.recorder().epochs().get(k));
        if (learner.diagnosis() == null) return;
        for (LossDiagnosis.Diagnosis d : learner.diagnosis().epoch(learner.recorder(), k)) out.println(DIAGNOSIS_INDENT + d.text());
    }

    /** The indent of a row's diagnosis lines: they start under the train_loss column. */
    static final String DIAGNOSIS_INDENT = " ".repeat(7);

    private void printRow(EpochResult r) {
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

    @Override
    public void afterFit(Learner learner) {
        finishPhase();
        if (learner.diagnosis() == null) return;
        for (LossDiagnosis.Diagnosis d : learner.diagnosis().fit(learner.recorder())) out.println(d.text());
    }

    private void finishPhase() {
        if (bar == null) return;
        bar.finish();
        bar = null;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
