package org.jgrad.training.gan;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.jgrad.training.learner.ProgressDisplay;

/**
 * Shows a GAN fit as it happens: a progress bar over each epoch's batches (the running mean of the
 * critic's batch losses, and batches per second; on a console redrawn in place, in a log one line
 * per epoch: {@link ProgressDisplay#forStream}), and the epoch table with the sample metrics:
 * <pre>
 * epoch  gen_loss    critic_loss  confident   class_entropy  time
 * 0      2.914062    0.398871     0.412000    3.102938       01:02
 * </pre>
 * A resumed fit starts the table with the epochs restored from its checkpoint.
 */
public final class GanProgress implements GanCallback {
    private final PrintStream out;
    private final ProgressDisplay display;
    private ProgressDisplay.Bar bar;
    private int batches, criticBatches;
    private double criticSum;
    private long start;
    private boolean headerPrinted;

    public GanProgress(PrintStream out) {
        this(out, ProgressDisplay.forStream(out));
    }

    public GanProgress(PrintStream out, ProgressDisplay display) {
        this.out = out;
        this.display = display;
    }

    @Override
    public void beforeFit(GanLearner learner) {
        if (headerPrinted) return;
        for (GanRecorder.Row r : learner.recorder().rows()) printRow(r);
    }

    @Override
    public void beforeEpoch(GanLearner learner) {
        finish();
        batches = criticBatches = 0;
        criticSum = 0;
        start = System.nanoTime();
        bar = display.start("gan", learner.epoch(), learner.data().batchCount());
    }

    @Override
    public void afterBatch(GanLearner learner) {
        if (bar == null) return;
        batches++;
        if (learner.phase() == GanPhase.CRITIC) {
            criticBatches++;
            criticSum += learner.lastLoss();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        bar.update(batches, criticBatches == 0 ? Double.NaN : criticSum / criticBatches, seconds > 0 ? batches / seconds : 0);
    }

    @Override
    public void afterEpoch(GanLearner learner) {
        finish();
        printRow(learner.recorder().rows().get(learner.recorder().rows().size() - 1));
    }

    @Override
    public void afterFit(GanLearner learner) {
        finish();
    }

    private void finish() {
        if (bar == null) return;
        bar.finish();
        bar = null;
    }

    private void printRow(GanRecorder.Row r) {
        if (!headerPrinted) {
            StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-6s %-11s %-12s", "epoch", "gen_loss", "critic_loss"));
            for (String name : r.metrics().keySet()) h.append(String.format(Locale.ROOT, " %-13s", name));
            out.println(h.append(" time"));
            headerPrinted = true;
        }
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-6d %-11.6f %-12.6f", r.epoch(), r.generatorLoss(), r.criticLoss()));
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) row.append(String.format(Locale.ROOT, " %-13.6f", m.getValue()));
        long s = Math.round(r.seconds());
        out.println(row.append(String.format(Locale.ROOT, " %02d:%02d", s / 60, s % 60)));
    }
}
