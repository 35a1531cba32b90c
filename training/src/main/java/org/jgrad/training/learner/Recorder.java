package org.jgrad.training.learner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records every training batch's loss and learning rate, and every epoch's results. Always installed. */
public final class Recorder implements Callback {
    private final List<Double> batchLosses = new ArrayList<>(), learningRates = new ArrayList<>();
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
        learningRates.add(learner.optimizer().paramGroups().get(learner.optimizer().paramGroups().size() - 1).lr());
        epochLossSum += loss;
        epochBatches++;
    }

    @Override
    public void afterEpoch(Learner learner) {
        Learner.Validation v = learner.lastValidation();
        epochs.add(new EpochResult(learner.epoch(), epochBatches == 0 ? Double.NaN : epochLossSum / epochBatches,
                v == null ? Double.NaN : v.loss(), v == null ? java.util.Map.of() : v.metrics(), (System.nanoTime() - epochStart) / 1e9));
    }

    /** Training loss of every batch so far. */
    public List<Double> batchLosses() { return Collections.unmodifiableList(batchLosses); }

    /** Learning rate (of the last parameter group) at every batch so far. */
    public List<Double> learningRates() { return Collections.unmodifiableList(learningRates); }

    /** The epoch table so far. */
    public List<EpochResult> epochs() { return Collections.unmodifiableList(epochs); }
}
