package org.jgrad.training.learner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Records every training batch's loss, learning rate and momentum, and every epoch's results (with
 * the number of batches recorded when it ended). Always installed; one history across fits, saved
 * in and restored from the learner's checkpoints (so a resumed run continues it).
 */
public final class Recorder implements Callback {
    private final List<Double> batchLosses = new ArrayList<>(), learningRates = new ArrayList<>(), momentums = new ArrayList<>();
    private final List<Integer> epochEnds = new ArrayList<>();
    private final List<EpochResult> epochs = new ArrayList<>();
    private double epochLossSum;
    private int epochBatches;
    private long epochStart;

    @Override
    public void beforeEpoch(Learner learner) {
        epochLossSum = 0;
        epochBatches = 0;
        epochStart = System.nanoTime();
    }

    @Override
    public void afterBatch(Learner learner) {
        if (!learner.isTraining()) return;
        double loss = learner.lastLoss();
        batchLosses.add(loss);
        org.jgrad.training.optim.ParamGroup last = learner.optimizer().paramGroups().get(learner.optimizer().paramGroups().size() - 1);
        learningRates.add(last.lr());
        momentums.add(last.has(org.jgrad.training.optim.ParamGroup.MOMENTUM) ? last.momentum() : Double.NaN);
        epochLossSum += loss;
        epochBatches++;
    }

    @Override
    public void afterEpoch(Learner learner) {
        Learner.Validation v = learner.lastValidation();
        epochEnds.add(batchLosses.size());
        epochs.add(new EpochResult(learner.epoch(), epochBatches == 0 ? Double.NaN : epochLossSum / epochBatches,
                v == null ? Double.NaN : v.loss(), v == null ? java.util.Map.of() : v.metrics(), (System.nanoTime() - epochStart) / 1e9));
    }

    /** Training loss of every batch so far. */
    public List<Double> batchLosses() { return Collections.unmodifiableList(batchLosses); }

    /** Learning rate (of the last parameter group) at every batch so far. */
    public List<Double> learningRates() { return Collections.unmodifiableList(learningRates); }

    /** Momentum (of the last parameter group; Adam's β₁) at every batch so far, NaN where the optimizer has none. */
    public List<Double> momentums() { return Collections.unmodifiableList(momentums); }

    /** For each epoch of {@link #epochs()}, the number of training batches recorded when it ended. */
    public List<Integer> epochEnds() { return Collections.unmodifiableList(epochEnds); }

    /** The epoch table so far. */
    public List<EpochResult> epochs() { return Collections.unmodifiableList(epochs); }

    // ================================================================ in a checkpoint

    /** Keys of {@link #stateDict()}: float64 (batches, 3) rows of loss, lr, momentum; float64 (epochs, 5 + metrics) rows. */
    static final String BATCHES = "batches", EPOCHS = "epochs";
    private static final int EPOCH_COLUMNS = 5;   // epoch, batches at its end, train loss, valid loss, seconds; then the metrics

    /**
     * The history as float64 arrays, for {@link Learner#save}: {@value #BATCHES} (one row per
     * training batch: loss, lr, momentum) and {@value #EPOCHS} (one row per epoch: epoch, training
     * batches recorded at its end, train loss, valid loss, seconds, then the metrics named by
     * {@link #metricNames()}, NaN where an epoch has none); empty before the first batch.
     */
    Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        if (batchLosses.isEmpty()) return out;
        double[] batches = new double[3 * batchLosses.size()];
        for (int i = 0; i < batchLosses.size(); i++) {
            batches[3 * i] = batchLosses.get(i);
            batches[3 * i + 1] = learningRates.get(i);
            batches[3 * i + 2] = momentums.get(i);
        }
        out.put(BATCHES, NDArray.of(batches).reshape(batchLosses.size(), 3));
        if (epochs.isEmpty()) return out;
        List<String> names = metricNames();
        int width = EPOCH_COLUMNS + names.size();
        double[] rows = new double[width * epochs.size()];
        for (int e = 0; e < epochs.size(); e++) {
            EpochResult r = epochs.get(e);
            double[] row = {r.epoch(), epochEnds.get(e), r.trainLoss(), r.validLoss(), r.seconds()};
            System.arraycopy(row, 0, rows, e * width, EPOCH_COLUMNS);
            for (int m = 0; m < names.size(); m++) rows[e * width + EPOCH_COLUMNS + m] = r.metrics().getOrDefault(names.get(m), Double.NaN);
        }
        out.put(EPOCHS, NDArray.of(rows).reshape(epochs.size(), width));
        return out;
    }

    /** The metric names of the recorded epochs, in order of first appearance (the columns after the fifth of {@value #EPOCHS}). */
    List<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        for (EpochResult r : epochs) names.addAll(r.metrics().keySet());
        return List.copyOf(names);
    }

    /**
     * A recorder holding the history of {@link #stateDict()} and {@link #metricNames()} (arrays
     * without {@value #BATCHES} give an empty one); an IllegalArgumentException names what does
     * not fit.
     */
    static Recorder fromState(Map<String, NDArray> state, List<String> metricNames) {
        Recorder r = new Recorder();
        NDArray batches = state.get(BATCHES), rows = state.get(EPOCHS);
        if (batches == null) {
            if (rows != null) throw new IllegalArgumentException("recorder: epochs without batches");
            return r;
        }
        if (batches.rank() != 2 || batches.shape(1) != 3)
            throw new IllegalArgumentException("recorder: batches of shape " + Shapes.format(batches.shape()) + ", expected (n, 3)");
        double[] b = batches.toDoubleArray();
        for (int i = 0; i < batches.shape(0); i++) {
            r.batchLosses.add(b[3 * i]);
            r.learningRates.add(b[3 * i + 1]);
            r.momentums.add(b[3 * i + 2]);
        }
        if (rows == null) return r;
        int width = EPOCH_COLUMNS + metricNames.size();
        if (rows.rank() != 2 || rows.shape(1) != width)
            throw new IllegalArgumentException("recorder: epochs of shape " + Shapes.format(rows.shape()) + ", expected (n, " + width
                    + ") for the metrics " + metricNames);
        double[] e = rows.toDoubleArray();
        for (int k = 0; k < rows.shape(0); k++) {
            int at = k * width, end = (int) e[at + 1];
            if (end < 0 || end > r.batchLosses.size() || (k > 0 && end < r.epochEnds.get(k - 1)))
                throw new IllegalArgumentException("recorder: epoch row " + k + " ends at batch " + end + " of " + r.batchLosses.size());
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int m = 0; m < metricNames.size(); m++) metrics.put(metricNames.get(m), e[at + EPOCH_COLUMNS + m]);
            r.epochEnds.add(end);
            r.epochs.add(new EpochResult((int) e[at], e[at + 2], e[at + 3], metrics, e[at + 4]));
        }
        return r;
    }

    /** Replaces this history with {@code other}'s. */
    void replaceHistory(Recorder other) {
        batchLosses.clear();
        batchLosses.addAll(other.batchLosses);
        learningRates.clear();
        learningRates.addAll(other.learningRates);
        momentums.clear();
        momentums.addAll(other.momentums);
        epochEnds.clear();
        epochEnds.addAll(other.epochEnds);
        epochs.clear();
        epochs.addAll(other.epochs);
    }
}
