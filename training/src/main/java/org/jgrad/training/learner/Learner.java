package org.jgrad.training.learner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.nn.io.SafeTensorsContent;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.optim.GradScaler;
import org.jgrad.training.optim.LayerGroups;
import org.jgrad.training.optim.Lr;
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
    private DataLoaders dls;
    private final Module model;
    private final LossFunction lossFunction;
    private final Optimizer optimizer;
    private final List<Metric> metrics;
    private final List<Callback> callbacks = new ArrayList<>();
    private final Recorder recorder = new Recorder();

    private int epoch;
    private boolean training;
    private double lastLoss;
    private Tensor loss;
    private MixedPrecision mixedPrecision;
    private Validation lastValidation;
    private Scheduler scheduler;
    private int epochsDone;
    private boolean fitting;
    private LossDiagnosis diagnosis = Boolean.getBoolean(DIAGNOSE_PROPERTY) ? new LossDiagnosis() : null;

    /**
     * The system property that turns {@link #diagnose(boolean) the loss diagnosis} on for every
     * learner made afterwards: off unless set to {@code true}, so scripts and {@code ./jgrad train}
     * print only the table; {@code ./jgrad shell} sets it (its launcher passes
     * {@code -R-Djgrad.diagnose=true}).
     */
    public static final String DIAGNOSE_PROPERTY = "jgrad.diagnose";

    /**
     * The system property that gives every learner made afterwards a {@link ProgressPrinter} on
     * {@code System.out} (progress bars and the epoch table, as fastai's learner shows by default):
     * off unless {@code true}, so scripts and tests stay quiet; {@code ./jgrad shell} and the
     * notebook kernel set it.
     */
    public static final String PROGRESS_PROPERTY = "jgrad.progress";

    /** Validation loss (mean per item) and metrics of one pass over the validation set. */
    public record Validation(double loss, Map<String, Double> metrics) {}

    /**
     * @param optimizerFactory builds the optimizer from parameter groups (weights, and biases and
     *                         normalization parameters without weight decay), e.g. {@code Adam::fastai}
     *                         as {@code groups -> Adam.fastai(groups, 1e-3)}
     */
    public Learner(DataLoaders dls, Module model, LossFunction loss, Function<List<ParamGroup>, Optimizer> optimizerFactory, List<Metric> metrics) {
        this(dls, model, loss, optimizerFactory, metrics, LayerGroups::single);
    }

    /**
     * As the five-argument constructor, with the model cut into layer groups by {@code splitter}
     * (fastai's {@code splitter}, e.g. {@code m -> LayerGroups.split(m, 2)}): the unit of
     * {@link #freeze()} and of discriminative learning rates ({@code Lr.slice}).
     */
    public Learner(DataLoaders dls, Module model, LossFunction loss, Function<List<ParamGroup>, Optimizer> optimizerFactory, List<Metric> metrics,
                   Function<Module, LayerGroups> splitter) {
        this.dls = dls;
        this.model = model;
        this.lossFunction = loss;
        this.optimizer = optimizerFactory.apply(splitter.apply(model).paramGroups());
        this.metrics = List.copyOf(metrics);
        callbacks.add(recorder);
        if (Boolean.getBoolean(PROGRESS_PROPERTY)) callbacks.add(new ProgressPrinter(System.out));
    }

    /** Adds callbacks; they run after the built-in recorder, in the order added. */
    public Learner addCallbacks(Callback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }

    public DataLoaders dls() { return dls; }

    /**
     * Swaps the data between fits, keeping the model, the optimizer and its state, the callbacks
     * and the recorder's history: for progressive resizing, train on small images, then
     * {@code setDataLoaders} with larger ones (a model that takes any size, e.g. ending in
     * {@code AdaptiveAvgPool2d}) and fit again. Not allowed during a fit.
     */
    public Learner setDataLoaders(DataLoaders dls) {
        if (fitting) throw new IllegalStateException("Learner.setDataLoaders: not during a fit (swap the data between fits)");
        this.dls = java.util.Objects.requireNonNull(dls, "dls");
        return this;
    }
    public Module model() { return model; }
    public Optimizer optimizer() { return optimizer; }
    public List<Metric> metrics() { return metrics; }
    public Recorder recorder() { return recorder; }
    /** The current (0-based) epoch. */
    public int epoch() { return epoch; }
    /** True during the training phase of an epoch, false during validation. */
    public boolean isTraining() { return training; }
    /** Loss of the latest batch: a training batch, or during validation a validation batch (see {@link #isTraining()}). */
    public double lastLoss() { return lastLoss; }
    /** This batch's loss tensor, the one backward runs from; null outside a training batch. */
    public Tensor loss() { return loss; }

    /** Replaces the tensor backward runs from, in {@code afterLoss} (e.g. the loss times a loss scale); {@link #lastLoss()} keeps the loss. */
    public void setLoss(Tensor scaled) {
        if (scaled == null || scaled.numel() != 1)
            throw new IllegalArgumentException("setLoss: the loss to backpropagate must be one value, got " + (scaled == null ? "null" : scaled));
        loss = scaled;
    }
    public Validation lastValidation() { return lastValidation; }

    /**
     * Reads the losses after every epoch, as the fastai course teaches (underfitting, overfitting,
     * a learning rate that is off; the rules and their thresholds are {@link LossDiagnosis}'s), or
     * stops doing so: a {@link ProgressPrinter} prints the lines under the epoch table's rows and a
     * summary at the end of a fit; {@link #diagnoses()} returns them. Off by default unless the
     * system property {@value #DIAGNOSE_PROPERTY} is {@code true} (as in {@code ./jgrad shell}).
     */
    public Learner diagnose(boolean on) {
        return diagnose(on ? new LossDiagnosis() : null);
    }

    /** As {@link #diagnose(boolean)} with these rules (e.g. other {@link LossDiagnosis.Thresholds}); null turns it off. */
    public Learner diagnose(LossDiagnosis diagnosis) {
        this.diagnosis = diagnosis;
        return this;
    }

    /** The loss diagnosis in use, or null when it is off. */
    public LossDiagnosis diagnosis() { return diagnosis; }

    /**
     * What the diagnosis reads in the recorder's history: every epoch's lines in order, then the
     * summary of the last fit ({@link LossDiagnosis#fit}); empty when the diagnosis is off.
     */
    public List<LossDiagnosis.Diagnosis> diagnoses() {
        if (diagnosis == null) return List.of();
        LossDiagnosis.History h = LossDiagnosis.History.of(recorder);
        List<LossDiagnosis.Diagnosis> all = new ArrayList<>(diagnosis.all(h));
        all.addAll(diagnosis.fit(h));
        return all;
    }
    /** The schedule driving this fit, or null for a constant learning rate. */
    public Scheduler scheduler() { return scheduler; }

    /** Trains {@code epochs} epochs at a constant learning rate. */
    public void fit(int epochs, double lr) {
        optimizer.setLr(lr);
        run(epochs, null, 0);
    }

    /** Trains {@code epochs} epochs with one-cycle learning rate and momentum (fastai's defaults). */
    public void fitOneCycle(int epochs, double lrMax) {
        fitOneCycle(epochs, lrMax, new OneCycle());
    }

    public void fitOneCycle(int epochs, double lrMax, OneCycle cycle) {
        run(epochs, cycle.scheduler(optimizer, (long) epochs * dls.train().batchCount(), lrMax), 0);
    }

    private void run(int epochs, Scheduler sched, int startEpoch) {
        if (epochs < 1) throw new IllegalArgumentException("fit: epochs must be >= 1, got " + epochs);
        if (startEpoch < 0 || startEpoch >= epochs) throw new IllegalArgumentException("fit: start epoch must be in [0, " + epochs + "), got " + startEpoch);
        this.scheduler = sched;
        if (sched != null) sched.setBatchesDone((long) startEpoch * dls.train().batchCount());
        epochsDone = startEpoch;
        fitting = true;
        try {
            emit(Callback::beforeFit);
            for (epoch = startEpoch; epoch < epochs; epoch++) {
                try {
                    emit(Callback::beforeEpoch);
                    trainEpoch();
                    emit(Callback::beforeValidate);
                    lastValidation = validate(true);
                    emit(Callback::afterValidate);
                } catch (Callback.Cancel c) {
                    if (c != Callback.Cancel.EPOCH) throw c;
                }
                epochsDone = epoch + 1;
                emit(Callback::afterEpoch);
            }
        } catch (Callback.Cancel c) {
            if (c != Callback.Cancel.FIT) throw c;
        } finally {
            training = false;
            try {
                emit(Callback::afterFit);
            } finally {
                fitting = false;
            }
        }
    }

    private void trainEpoch() {
        training = true;
        model.train();
        emit(Callback::beforeTrain);
        int done = 0;
        for (TensorDataset.Batch batch : dls.train()) {
            try {
                if (scheduler != null) scheduler.beforeBatch();
                emit(Callback::beforeBatch);
                loss = lossFunction.apply(model.forward(Tensor.of(batch.x())), batch.y());
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
            loss = null;
            emit(Callback::afterBatch);
            if (scheduler != null) scheduler.afterBatch();
            done++;
            if (Thread.interrupted()) throw new FitInterrupted(epoch, done);
        }
        training = false;
        emit(Callback::afterTrain);
    }

    /** Loss and metrics over the validation set, in eval mode, without recording a graph. */
    public Validation validate() {
        return validate(false);
    }

    /**
     * {@link #validate()}; inside a fit ({@code batchEvents}) each validation batch also goes
     * through {@code beforeBatch}, {@code afterLoss} and {@code afterBatch} with
     * {@link #isTraining()} false and {@link #lastLoss()} its loss, as in fastai; a callback's
     * {@link Callback.Cancel#BATCH} leaves that batch out of the loss and metrics.
     */
    private Validation validate(boolean batchEvents) {
        boolean wasTraining = model.isTraining();
        model.eval();
        for (Metric m : metrics) m.reset();
        double lossSum = 0;
        long items = 0;
        try (var scope = GradMode.noGrad()) {
            for (TensorDataset.Batch batch : dls.valid()) {
                try {
                    if (batchEvents) emit(Callback::beforeBatch);
                    Tensor out = model.forward(Tensor.of(batch.x()));
                    double loss = lossFunction.apply(out, batch.y()).item();
                    if (batchEvents) {
                        lastLoss = loss;
                        emit(Callback::afterLoss);
                    }
                    lossSum += loss * batch.size();
                    items += batch.size();
                    for (Metric m : metrics) m.accumulate(out.data(), batch.y());
                } catch (Callback.Cancel c) {
                    if (c != Callback.Cancel.BATCH) throw c;
                }
                if (batchEvents) emit(Callback::afterBatch);
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

    // ================================================================ checkpoints, freezing, fine-tuning

    /** Metadata key naming the checkpoint format; its value is {@value #CHECKPOINT_FORMAT}. */
    public static final String CHECKPOINT_KEY = "jgrad.checkpoint";
    /** Metadata key of the recorder's metric names (comma-separated), the columns of its saved epochs. */
    static final String RECORDER_METRICS_KEY = "recorder_metrics";
    /** The checkpoint format written by {@link #save(Path)}. */
    public static final String CHECKPOINT_FORMAT = "learner/1";
    /** Metadata key of the dtype the saved run computed in: float32, float16 or bfloat16. */
    static final String PRECISION_KEY = "precision";

    /** The precision a checkpoint names; one without the key (older) was float16 if it holds a scaler, else float32. */
    private static DType savedPrecision(String name, boolean hasScaler, String where) {
        if (name == null) return hasScaler ? DType.FLOAT16 : DType.FLOAT32;
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16})
            if (d.toString().equals(name)) return d;
        throw new IllegalArgumentException(where + "bad metadata " + PRECISION_KEY + " = " + name + " (float32, float16 or bfloat16)");
    }

    /**
     * What a checkpoint says about where training stood.
     *
     * @param epoch             epochs completed in the fit that saved it: pass it as
     *                          {@code startEpoch} to resume that fit
     * @param batchesDone       the schedule's batches done, or -1 without a schedule
     * @param totalBatches      the schedule's total batches, or -1 without a schedule
     * @param trainLoaderEpoch  the training loader's shuffle epoch for its next pass
     * @param frozenLayerGroups the optimizer's frozen layer groups
     * @param precision         the dtype the saved run computed in ({@link #precision()}); float32
     *                          or float16 (by its scaler state) for checkpoints that predate the key
     */
    public record Checkpoint(int epoch, long batchesDone, long totalBatches, int trainLoaderEpoch, int frozenLayerGroups, DType precision) {}

    /** Epochs completed in the current (or last) fit, counting those skipped by a start epoch. */
    public int epochsDone() { return epochsDone; }

    /**
     * Saves the training state to one safetensors file, atomically (the old file or the complete
     * new one, never a mix): the model's state dict under {@code model.}, the optimizer's
     * ({@link Optimizer#stateDict()}: hyperparameters and per-parameter state) under {@code opt.},
     * in float16 mixed precision the {@link GradScaler}'s state (scale, growth tracker) under {@code scaler.},
     * and as metadata the epochs done, the schedule position (batches done and total), the
     * training loader's epoch, the number of frozen layer groups and the {@link #precision()}
     * (see {@link Checkpoint}); and
     * the recorder's history under {@code recorder.}, so that a resumed fit continues its losses,
     * schedule and epoch table.
     */
    public void save(Path path) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put("model." + k, v));
        optimizer.stateDict().forEach((k, v) -> tensors.put("opt." + k, v));
        recorder.stateDict().forEach((k, v) -> tensors.put("recorder." + k, v));
        if (gradScaler() != null) gradScaler().stateDict().forEach((k, v) -> tensors.put("scaler." + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(CHECKPOINT_KEY, CHECKPOINT_FORMAT);
        meta.put("epoch", Integer.toString(epochsDone));
        meta.put("batches_done", Long.toString(scheduler == null ? -1 : scheduler.batchesDone()));
        meta.put("total_batches", Long.toString(scheduler == null ? -1 : scheduler.totalBatches()));
        meta.put("train_loader_epoch", Integer.toString(dls.train().epoch()));
        meta.put("frozen_layer_groups", Integer.toString(optimizer.frozenLayerGroups()));
        meta.put(PRECISION_KEY, precision().toString());
        meta.put(RECORDER_METRICS_KEY, String.join(",", recorder.metricNames()));
        SafeTensors.write(path, tensors, meta);
    }

    /**
     * Loads a checkpoint written by {@link #save(Path)}: model weights and buffers (strict: every
     * key, every shape), optimizer hyperparameters and state, the loss scaler's state (when both
     * this learner and the checkpoint are in float16 mixed precision; a float32 or bfloat16 learner
     * ignores a saved scaler, a float16 one keeps its own when none was saved: a run may continue
     * in another precision than it was saved in), frozen layer groups, the
     * training loader's epoch, {@link #epochsDone()} and the recorder's history (when the checkpoint has
     * one). Everything is checked before the learner changes;
     * on any error (unreadable or truncated file, other format, missing or unexpected key, wrong
     * shape, bad metadata) it is left exactly as it was. To continue the saved one-cycle fit, call
     * {@code fitOneCycle(epochs, lr, cycle, checkpoint.epoch())} with the fit's original arguments.
     *
     * @return what the checkpoint says about the training position
     */
    public Checkpoint load(Path path) throws IOException {
        SafeTensorsContent content = SafeTensors.read(path);
        Map<String, String> meta = content.metadata() == null ? Map.of() : content.metadata();
        String where = "Learner.load(" + path + "): ";
        if (!CHECKPOINT_FORMAT.equals(meta.get(CHECKPOINT_KEY)))
            throw new IllegalArgumentException(where + "not a learner checkpoint (metadata " + CHECKPOINT_KEY + " = " + meta.get(CHECKPOINT_KEY) + ")");
        Map<String, NDArray> modelState = new LinkedHashMap<>(), optState = new LinkedHashMap<>(), recorderState = new LinkedHashMap<>(),
                scalerState = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        content.tensors().forEach((k, v) -> {
            if (k.startsWith("model.")) modelState.put(k.substring(6), v);
            else if (k.startsWith("opt.")) optState.put(k.substring(4), v);
            else if (k.startsWith("recorder.")) recorderState.put(k.substring(9), v);
            else if (k.startsWith("scaler.")) scalerState.put(k.substring(7), v);
            else unexpected.add(k);
        });
        if (!unexpected.isEmpty()) throw new IllegalArgumentException(where + "unexpected keys " + unexpected);
        Checkpoint info;
        try {
            info = new Checkpoint(Integer.parseInt(meta.get("epoch")), Long.parseLong(meta.get("batches_done")),
                    Long.parseLong(meta.get("total_batches")), Integer.parseInt(meta.get("train_loader_epoch")),
                    Integer.parseInt(meta.get("frozen_layer_groups")), savedPrecision(meta.get(PRECISION_KEY), !scalerState.isEmpty(), where));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + "bad metadata " + meta, e);
        }
        if (info.epoch() < 0 || info.trainLoaderEpoch() < 0 || info.frozenLayerGroups() < 0 || info.frozenLayerGroups() > optimizer.layerGroupCount())
            throw new IllegalArgumentException(where + "bad metadata " + meta + " for " + optimizer.layerGroupCount() + " layer groups");
        String names = meta.getOrDefault(RECORDER_METRICS_KEY, "");
        Recorder history;
        try {
            history = Recorder.fromState(recorderState, names.isEmpty() ? List.of() : List.of(names.split(",")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        Map<String, NDArray> modelBefore = model.stateDict();   // the arrays themselves: loading replaces them, never writes into them
        Map<String, NDArray> optBefore = optimizer.stateDict();
        try {
            model.loadStateDict(modelState, true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        try {
            optimizer.loadStateDict(optState);
            if (gradScaler() != null && !scalerState.isEmpty()) gradScaler().loadStateDict(scalerState);
        } catch (RuntimeException e) {
            model.loadStateDict(modelBefore, true);
            optimizer.loadStateDict(optBefore);
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        optimizer.freezeTo(info.frozenLayerGroups());
        if (!recorderState.isEmpty()) recorder.replaceHistory(history);
        dls.train().setEpoch(info.trainLoaderEpoch());
        epochsDone = info.epoch();
        return info;
    }

    /**
     * Trains only the last layer group (normalization layers keep training), as fastai's
     * {@code freeze}. The optimizer has one layer group unless the learner was built with a
     * splitter ({@link LayerGroups}); with one group, freezing leaves everything trainable.
     */
    public void freeze() { optimizer.freeze(); }

    /** Trains every layer group. */
    public void unfreeze() { optimizer.unfreeze(); }

    /** Freezes layer groups {@code 0 .. n-1}; see {@link Optimizer#freezeTo(int)}. */
    public void freezeTo(int n) { optimizer.freezeTo(n); }

    /** One-cycle training with peak learning rates per layer group ({@code Lr.slice(lo, hi)}, ...). */
    public void fitOneCycle(int epochs, Lr lrMax, OneCycle cycle) {
        fitOneCycle(epochs, lrMax, cycle, 0);
    }

    /**
     * As {@link #fitOneCycle(int, Lr, OneCycle)}, starting at epoch {@code startEpoch} with the
     * schedule at {@code startEpoch × batches per epoch}: resumes a fit from a checkpoint
     * ({@link #load(Path)} returns the epoch), as fastai's {@code start_epoch}.
     */
    public void fitOneCycle(int epochs, Lr lrMax, OneCycle cycle, int startEpoch) {
        run(epochs, cycle.scheduler(optimizer, (long) epochs * dls.train().batchCount(), lrMax), startEpoch);
    }

    /** {@link #fineTune(int, double, int, double, double, double)} with fastai's defaults (1, 100, 0.3, 5). */
    public void fineTune(int epochs, double baseLr) {
        fineTune(epochs, baseLr, 1, 100, 0.3, 5);
    }

    /**
     * fastai's {@code fine_tune}: freeze; {@code fitOneCycle(freezeEpochs, slice(baseLr))} with
     * pct_start 0.99 (other one-cycle settings default); then {@code baseLr /= 2}; unfreeze;
     * {@code fitOneCycle(epochs, slice(baseLr/lrMult, baseLr))} with {@code pctStart} and
     * {@code div}. The freezing phase is skipped when {@code freezeEpochs} is 0. Freezing only
     * matters with several layer groups (a splitter in the constructor).
     */
    public void fineTune(int epochs, double baseLr, int freezeEpochs, double lrMult, double pctStart, double div) {
        if (freezeEpochs < 0) throw new IllegalArgumentException("fineTune: freezeEpochs must be >= 0, got " + freezeEpochs);
        if (!(lrMult > 0)) throw new IllegalArgumentException("fineTune: lrMult must be > 0, got " + lrMult);
        freeze();
        if (freezeEpochs > 0) fitOneCycle(freezeEpochs, Lr.slice(baseLr), OneCycle.of(new OneCycle().div(), 0.99));
        baseLr /= 2;
        unfreeze();
        fitOneCycle(epochs, Lr.slice(baseLr / lrMult, baseLr), OneCycle.of(div, pctStart));
    }

    // ================================================================ mixed precision

    /** {@link #toFp16(GradScaler)} with PyTorch's default scaler (2^16, growth 2, backoff 0.5, interval 2000). */
    public Learner toFp16() {
        return toFp16(new GradScaler());
    }

    /**
     * Trains (and validates) in mixed precision from now on, as fastai's {@code to_fp16}: the
     * {@link MixedPrecision} callback runs the forward under {@link org.jgrad.autograd.Autocast}
     * (float16 compute, float32 master weights, the loss in float32) and scales the loss with
     * {@code scaler}. Replaces an earlier {@code toFp16} or {@code toBf16}; schedules, layer groups and
     * discriminative learning rates are unaffected. The scaler's state goes into checkpoints.
     */
    public Learner toFp16(GradScaler scaler) {
        return withMixedPrecision(new MixedPrecision(scaler));
    }

    /**
     * Trains (and validates) in bfloat16 mixed precision from now on, as newer fastai's
     * {@code to_bf16}: as {@link #toFp16()} with bfloat16 compute and no loss scaling (bfloat16
     * has float32's exponent range, so gradients do not underflow; see {@link MixedPrecision}).
     * Replaces an earlier {@code toFp16} or {@code toBf16}.
     */
    public Learner toBf16() {
        return withMixedPrecision(new MixedPrecision(DType.BFLOAT16, null));
    }

    private Learner withMixedPrecision(MixedPrecision callback) {
        toFp32();
        mixedPrecision = callback;
        callbacks.add(mixedPrecision);
        return this;
    }

    /** Back to float32 training: removes the {@link MixedPrecision} callback, if any. */
    public Learner toFp32() {
        if (mixedPrecision != null) callbacks.remove(mixedPrecision);
        mixedPrecision = null;
        return this;
    }

    /** The mixed-precision callback, or null when training in float32. */
    public MixedPrecision mixedPrecision() {
        return mixedPrecision;
    }

    /** The dtype the model computes in: float32, or float16 or bfloat16 in mixed precision (the parameters stay float32). */
    public DType precision() {
        return mixedPrecision == null ? DType.FLOAT32 : mixedPrecision.lowDType();
    }

    /** The loss scaler of float16 mixed-precision training, or null when training in float32 or bfloat16. */
    public GradScaler gradScaler() {
        return mixedPrecision == null ? null : mixedPrecision.scaler();
    }

    /**
     * Several lines: the data, the epochs done, the optimizer with every parameter group's
     * hyperparameters, the metrics, and the model's tree.
     */
    @Override
    public String toString() {
        StringBuilder names = new StringBuilder();
        for (Metric m : metrics) names.append(names.length() == 0 ? "" : ", ").append(m.name());
        return "Learner: " + dls.train().dataset().size() + " training and " + dls.valid().dataset().size() + " validation items in batches of "
                + dls.train().batchSize() + "; " + epochsDone() + (epochsDone() == 1 ? " epoch" : " epochs") + " done\n"
                + "optimizer: " + optimizer.toString().replace("\n", "\n  ") + "\n"
                + "metrics: " + (names.length() == 0 ? "none" : names) + "\n"
                + "model: " + model;
    }
}
