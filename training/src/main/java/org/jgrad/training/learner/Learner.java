package org.jgrad.training.learner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.optim.LayerGroups;
import org.jgrad.training.optim.Optimizer;
import org.jgrad.training.optim.ParamGroup;
import org.jgrad.training.schedule.OneCycle;
import org.jgrad.training.schedule.Scheduler;

/**
 * fastai's Learner: data, a model, a loss, an optimizer and metrics, and the one small loop that
 * trains them, with {@link Callback}s around every step. {@link #fitOneCycle} is the usual way to
 * train: learning rate and momentum follow {@link OneCycle} over all batches of the run.
 *
 * <pre>{@code
 * Learner learn = new Learner(dls, model, new CrossEntropyLoss()::forward, Adam::fastai, List.of(new Accuracy()));
 * learn.fitOneCycle(1, 3e-3);
 * }</pre>
 */
public final class Learner {
    private final DataLoaders dls;
    private final Module model;
    private final LossFunction lossFunction;
    private final Optimizer optimizer;
    private final List<Metric> metrics;
    private final List<Callback> callbacks = new ArrayList<>();
    private final Recorder recorder = new Recorder();

    private int epoch;
    private boolean training;
    private double lastLoss;
    private Validation lastValidation;
    private Scheduler scheduler;

    /** Validation loss (mean per item) and metrics of one pass over the validation set. */
    public record Validation(double loss, Map<String, Double> metrics) {}

    /**
     * @param optimizerFactory builds the optimizer from parameter groups (weights, and biases and
     *                         normalization parameters without weight decay), e.g. {@code Adam::fastai}
     *                         as {@code groups -> Adam.fastai(groups, 1e-3)}
     */
    public Learner(DataLoaders dls, Module model, LossFunction loss, Function<List<ParamGroup>, Optimizer> optimizerFactory, List<Metric> metrics) {
        this.dls = dls;
        this.model = model;
        this.lossFunction = loss;
        this.optimizer = optimizerFactory.apply(LayerGroups.single(model).paramGroups());
        this.metrics = List.copyOf(metrics);
        callbacks.add(recorder);
    }

    /** Adds callbacks; they run after the built-in recorder, in the order added. */
    public Learner addCallbacks(Callback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }

    public DataLoaders dls() { return dls; }
    public Module model() { return model; }
    public Optimizer optimizer() { return optimizer; }
    public List<Metric> metrics() { return metrics; }
    public Recorder recorder() { return recorder; }
    /** The current (0-based) epoch. */
    public int epoch() { return epoch; }
    /** True during the training phase of an epoch, false during validation. */
    public boolean isTraining() { return training; }
    /** Loss of the latest batch. */
    public double lastLoss() { return lastLoss; }
    public Validation lastValidation() { return lastValidation; }
    /** The schedule driving this fit, or null for a constant learning rate. */
    public Scheduler scheduler() { return scheduler; }

    /** Trains {@code epochs} epochs at a constant learning rate. */
    public void fit(int epochs, double lr) {
        optimizer.setLr(lr);
        run(epochs, null);
    }

    /** Trains {@code epochs} epochs with one-cycle learning rate and momentum (fastai's defaults). */
    public void fitOneCycle(int epochs, double lrMax) {
        fitOneCycle(epochs, lrMax, new OneCycle());
    }

    public void fitOneCycle(int epochs, double lrMax, OneCycle cycle) {
        run(epochs, cycle.scheduler(optimizer, (long) epochs * dls.train().batchCount(), lrMax));
    }

    private void run(int epochs, Scheduler sched) {
        if (epochs < 1) throw new IllegalArgumentException("fit: epochs must be >= 1, got " + epochs);
        this.scheduler = sched;
        try {
            emit(Callback::beforeFit);
            for (epoch = 0; epoch < epochs; epoch++) {
                try {
                    emit(Callback::beforeEpoch);
                    trainEpoch();
                    emit(Callback::beforeValidate);
                    lastValidation = validate();
                    emit(Callback::afterValidate);
                } catch (Callback.Cancel c) {
                    if (c != Callback.Cancel.EPOCH) throw c;
                }
                emit(Callback::afterEpoch);
            }
        } catch (Callback.Cancel c) {
            if (c != Callback.Cancel.FIT) throw c;
        } finally {
            training = false;
            emit(Callback::afterFit);
        }
    }

    private void trainEpoch() {
        training = true;
        model.train();
        emit(Callback::beforeTrain);
        for (TensorDataset.Batch batch : dls.train()) {
            try {
                if (scheduler != null) scheduler.beforeBatch();
                emit(Callback::beforeBatch);
                Tensor loss = lossFunction.apply(model.forward(Tensor.of(batch.x())), batch.y());
                lastLoss = loss.item();
                emit(Callback::afterLoss);
                loss.backward();
                emit(Callback::afterBackward);
                optimizer.step();
                emit(Callback::afterStep);
                optimizer.zeroGrad();
            } catch (Callback.Cancel c) {
                if (c != Callback.Cancel.BATCH) throw c;
                optimizer.zeroGrad();
            }
            emit(Callback::afterBatch);
            if (scheduler != null) scheduler.afterBatch();
        }
        training = false;
        emit(Callback::afterTrain);
    }

    /** Loss and metrics over the validation set, in eval mode, without recording a graph. */
    public Validation validate() {
        boolean wasTraining = model.isTraining();
        model.eval();
        for (Metric m : metrics) m.reset();
        double lossSum = 0;
        long items = 0;
        try (var scope = GradMode.noGrad()) {
            for (TensorDataset.Batch batch : dls.valid()) {
                Tensor out = model.forward(Tensor.of(batch.x()));
                lossSum += lossFunction.apply(out, batch.y()).item() * batch.size();
                items += batch.size();
                for (Metric m : metrics) m.accumulate(out.data(), batch.y());
            }
        } finally {
            if (wasTraining) model.train();
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Metric m : metrics) values.put(m.name(), m.value());
        return new Validation(items == 0 ? Double.NaN : lossSum / items, values);
    }

    /** The model's outputs for {@code x}, in eval mode, without a graph. */
    public NDArray predict(NDArray x) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var scope = GradMode.noGrad()) {
            return model.forward(Tensor.of(x)).data();
        } finally {
            if (wasTraining) model.train();
        }
    }

    /** fastai's learning-rate finder with its defaults (1e-7 to 10 over 100 batches); see {@link LrFinder}. */
    public LrFindResult lrFind() {
        return lrFind(LrFinder.DEFAULT_START, LrFinder.DEFAULT_END, LrFinder.DEFAULT_NUM_IT);
    }

    /**
     * Trains up to {@code numIt} batches with the learning rate growing exponentially from
     * {@code start} to {@code end}, then restores the model and optimizer exactly; returns the
     * loss curve and the suggestions ({@link LrFindResult#valley()} is the usual choice).
     * Callbacks do not run during the sweep; see {@link LrFinder}.
     */
    public LrFindResult lrFind(double start, double end, int numIt) {
        return LrFinder.run(model, optimizer, dls.train(), lossFunction, start, end, numIt);
    }

    private void emit(java.util.function.BiConsumer<Callback, Learner> event) {
        for (Callback cb : callbacks) event.accept(cb, this);
    }
}
