package org.jgrad.training.learner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records every training batch's loss, learning rate and momentum, and every epoch's results (with
 * the number of batches recorded when it ended). Always installed.
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
}
