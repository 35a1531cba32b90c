package org.jgrad.training.schedule;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.training.optim.Optimizer;
import org.jgrad.training.optim.ParamGroup;

/**
 * Sets optimizer hyperparameters every batch from {@link Schedule}s over the whole run, as fastai's
 * {@code ParamScheduler}: before batch i (0-based, counted over all epochs) the position is
 * {@code pos = i / totalBatches} and each scheduled hyperparameter of each parameter group becomes
 * its schedule's value at pos. A hyperparameter has either one schedule for every group or one per
 * layer group (discriminative learning rates).
 *
 * <pre>{@code
 * Scheduler s = new Scheduler(opt, epochs * batchesPerEpoch)
 *         .schedule(ParamGroup.LR, Schedule.cosine(1e-3, 1e-6));
 * for (...) { s.beforeBatch(); loss.backward(); opt.step(); opt.zeroGrad(); s.afterBatch(); }
 * }</pre>
 */
public final class Scheduler {
    private final Optimizer optimizer;
    private final long totalBatches;
    private final List<String> keys = new ArrayList<>();
    private final List<Schedule[]> schedules = new ArrayList<>();
    private long batchesDone;

    public Scheduler(Optimizer optimizer, long totalBatches) {
        if (totalBatches < 1) throw new IllegalArgumentException("Scheduler: total batches must be >= 1, got " + totalBatches);
        this.optimizer = optimizer;
        this.totalBatches = totalBatches;
    }

    /**
     * Schedules hyperparameter {@code key} ({@link ParamGroup#LR}, {@link ParamGroup#MOMENTUM}, ...):
     * one schedule for all parameter groups, or one per layer group.
     */
    public Scheduler schedule(String key, Schedule... perLayerGroup) {
        int n = optimizer.layerGroupCount();
        if (perLayerGroup.length != 1 && perLayerGroup.length != n)
            throw new IllegalArgumentException("Scheduler: expected 1 or " + n + " schedules (one per layer group) for " + key + ", got " + perLayerGroup.length);
        for (ParamGroup g : optimizer.paramGroups())
            if (!g.has(key)) throw new IllegalArgumentException("Scheduler: " + optimizer.name() + " has no hyperparameter '" + key + "'");
        keys.add(key);
        schedules.add(perLayerGroup.clone());
        return this;
    }

    /** The position of the next batch: batches done / total. */
    public double position() { return (double) batchesDone / totalBatches; }

    public long batchesDone() { return batchesDone; }

    public long totalBatches() { return totalBatches; }

    /** Moves to batch {@code index} (e.g. when resuming). */
    public void setBatchesDone(long index) {
        if (index < 0 || index > totalBatches) throw new IllegalArgumentException("Scheduler: batch index must be in [0, " + totalBatches + "], got " + index);
        batchesDone = index;
    }

    /** Sets every scheduled hyperparameter for the current batch. */
    public void beforeBatch() {
        applyAt(position());
    }

    /** Counts the batch just trained. */
    public void afterBatch() {
        batchesDone++;
    }

    /** Sets every scheduled hyperparameter to its value at {@code pos}. */
    public void applyAt(double pos) {
        for (int k = 0; k < keys.size(); k++) {
            Schedule[] s = schedules.get(k);
            for (ParamGroup g : optimizer.paramGroups())
                g.set(keys.get(k), (s.length == 1 ? s[0] : s[g.layerGroup()]).at(pos));
        }
    }
}
