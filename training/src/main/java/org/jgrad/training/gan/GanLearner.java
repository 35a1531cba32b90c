package org.jgrad.training.gan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.nn.io.SafeTensorsContent;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoader;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.optim.Optimizer;

/**
 * fastai's GAN learner: a generator G and a critic D, each with its own optimizer, and a
 * {@link GanSwitcher} that decides which of the two trains on each batch of real images.
 *
 * <pre>
 * for each batch x of real images (N, 1, H, W) in [-1, 1]:
 *   z ~ N(0, 1) of shape (N, nz, 1, 1), drawn from the learner's generator
 *   critic phase:     L_D = loss.critic(D, x, G(z))      G(z) without a graph; step D's optimizer
 *   generator phase:  L_G = loss.generator(D(G(z)))      D's parameters frozen;  step G's optimizer
 *   the switcher reads the loss and picks the next phase
 * after each epoch: the metrics on G(z_score), z_score fixed at construction
 * </pre>
 * Samples are drawn in eval mode (the generator's BatchNorm uses its running statistics). One
 * seeded {@link Generator} draws all noise (and WGAN-GP's interpolation weights), and its position
 * goes into checkpoints with everything else that changes during a fit (both networks and
 * optimizers, the switcher, the loader's epoch, the recorder), so a fit stopped after an epoch
 * and resumed from its checkpoint ends bit for bit where the uninterrupted fit ends.
 *
 * <pre>{@code
 * GanLearner learn = new GanLearner(loader, Dcgan.generator(64, 32, g), Dcgan.critic(32, g), new BceGanLoss(),
 *         gen -> new Adam(gen, 2e-4, 0.5, 0.999, 1e-8, 0), crit -> new Adam(crit, 2e-4, 0.5, 0.999, 1e-8, 0),
 *         new FixedGanSwitcher(1, 1), 64, seed);
 * learn.fit(5);
 * }</pre>
 */
public final class GanLearner {
    /** The checkpoint format written by {@link #save}. */
    public static final String CHECKPOINT_FORMAT = "gan-learner/1";
    /** Samples in {@link #fixedNoise()} (an 8×8 grid) and in the scoring noise. */
    public static final int GRID_SAMPLES = 64, SCORE_SAMPLES = 1000;

    private final DataLoader real;
    private final Module generator, critic;
    private final GanLoss loss;
    private final Optimizer generatorOptimizer, criticOptimizer;
    private final GanSwitcher switcher;
    private final int nz;
    private final Generator rng;
    private final NDArray fixedNoise, scoreNoise;
    private final List<GanMetric> metrics = new ArrayList<>();
    private final List<GanCallback> callbacks = new ArrayList<>();
    private final GanRecorder recorder = new GanRecorder();
    private int epoch, epochsDone;
    private GanPhase phase;
    private double lastLoss = Double.NaN;

    /**
     * @param real  batches of real images (N, 1, H, W) scaled to [-1, 1] (the labels are not used)
     * @param nz    the noise size the generator takes, as (N, nz, 1, 1)
     * @param seed  seeds the noise of every batch, the fixed grid noise and the scoring noise
     */
    public GanLearner(DataLoader real, Module generator, Module critic, GanLoss loss,
                      java.util.function.Function<List<org.jgrad.training.optim.ParamGroup>, Optimizer> generatorOptimizer,
                      java.util.function.Function<List<org.jgrad.training.optim.ParamGroup>, Optimizer> criticOptimizer,
                      GanSwitcher switcher, int nz, long seed) {
        if (nz < 1) throw new IllegalArgumentException("GanLearner: nz must be >= 1, got " + nz);
        this.real = real;
        this.generator = generator;
        this.critic = critic;
        this.loss = loss;
        this.generatorOptimizer = generatorOptimizer.apply(List.of(org.jgrad.training.optim.ParamGroup.of(generator.parameters())));
        this.criticOptimizer = criticOptimizer.apply(List.of(org.jgrad.training.optim.ParamGroup.of(critic.parameters())));
        this.switcher = switcher;
        this.nz = nz;
        this.rng = new Generator(seed);
        Generator fixed = new Generator(seed + 1);
        this.fixedNoise = NDArray.randn(fixed, DType.FLOAT32, GRID_SAMPLES, nz, 1, 1);
        this.scoreNoise = NDArray.randn(fixed, DType.FLOAT32, SCORE_SAMPLES, nz, 1, 1);
    }

    public GanLearner addCallbacks(GanCallback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }

    /** Adds metrics read from generated images after every epoch, into the recorder's rows. */
    public GanLearner addMetrics(GanMetric... ms) {
        metrics.addAll(List.of(ms));
        return this;
    }

    public Module generator() { return generator; }
    public Module critic() { return critic; }
    public GanLoss loss() { return loss; }
    public GanSwitcher switcher() { return switcher; }
    public Optimizer generatorOptimizer() { return generatorOptimizer; }
    public Optimizer criticOptimizer() { return criticOptimizer; }
    public GanRecorder recorder() { return recorder; }
    public DataLoader data() { return real; }
    /** The current (0-based) epoch. */
    public int epoch() { return epoch; }
    /** Epochs completed, counting those a resumed fit skipped. */
    public int epochsDone() { return epochsDone; }
    /** The phase of the current (or last) batch. */
    public GanPhase phase() { return phase; }
    /** The loss of the last batch, of the network {@link #phase()} names. */
    public double lastLoss() { return lastLoss; }
    /** The noise of the sample grids (64, nz, 1, 1): the same every epoch, so grids are comparable. */
    public NDArray fixedNoise() { return fixedNoise; }

    /** Trains {@code epochs} epochs. */
    public void fit(int epochs) {
        fit(epochs, 0);
    }

    /** Trains epochs {@code startEpoch .. epochs-1}: resumes a fit from a checkpoint ({@link #load} returns the epoch). */
    public void fit(int epochs, int startEpoch) {
        if (epochs < 1) throw new IllegalArgumentException("GanLearner.fit: epochs must be >= 1, got " + epochs);
        if (startEpoch < 0 || startEpoch >= epochs) throw new IllegalArgumentException("GanLearner.fit: start epoch must be in [0, " + epochs + "), got " + startEpoch);
        epochsDone = startEpoch;
        try {
            emit(GanCallback::beforeFit);
            for (epoch = startEpoch; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                recorder.beforeEpoch();
                emit(GanCallback::beforeEpoch);
                trainEpoch();
                Map<String, Double> values = new LinkedHashMap<>();
                if (!metrics.isEmpty()) {
                    NDArray samples = sample(scoreNoise);
                    for (GanMetric m : metrics) values.putAll(m.evaluate(samples));
                }
                recorder.endEpoch(epoch, values, (System.nanoTime() - start) / 1e9);
                epochsDone = epoch + 1;
                emit(GanCallback::afterEpoch);
            }
        } catch (Callback.Cancel c) {
            if (c != Callback.Cancel.FIT) throw c;
        } finally {
            emit(GanCallback::afterFit);
        }
    }

    private void trainEpoch() {
        generator.train();
        critic.train();
        for (TensorDataset.Batch batch : real) {
            phase = switcher.phase();
            emit(GanCallback::beforeBatch);
            Tensor x = Tensor.of(batch.x());
            Tensor z = Tensor.of(NDArray.randn(rng, DType.FLOAT32, batch.size(), nz, 1, 1).to(batch.x().device()));
            Tensor l = phase == GanPhase.CRITIC ? criticStep(x, z) : generatorStep(z);
            lastLoss = l.item();
            generatorOptimizer.zeroGrad();
            criticOptimizer.zeroGrad();
            recorder.addBatch(phase, lastLoss);
            switcher.afterBatch(phase, lastLoss);
            emit(GanCallback::afterBatch);
        }
    }

    private Tensor criticStep(Tensor x, Tensor z) {
        Tensor fake;
        try (var scope = GradMode.noGrad()) {
            fake = generator.forward(z);
        }
        Tensor l = loss.critic(critic, x, Tensor.of(fake.data()), rng);
        l.backward();
        criticOptimizer.step();
        return l;
    }

    private Tensor generatorStep(Tensor z) {
        List<Tensor> params = critic.parameters();
        for (Tensor p : params) p.setRequiresGrad(false);   // no gradients for the critic, which does not train now
        try {
            Tensor l = loss.generator(critic.forward(generator.forward(z)));
            l.backward();
            generatorOptimizer.step();
            return l;
        } finally {
            for (Tensor p : params) p.setRequiresGrad(true);
        }
    }

    /** The generator's images (N, 1, H, W) in (-1, 1) for {@code noise} (N, nz, 1, 1), in eval mode, without a graph. */
    public NDArray sample(NDArray noise) {
        boolean wasTraining = generator.isTraining();
        generator.eval();
        try (var scope = GradMode.noGrad()) {
            Device d = generator.parameters().get(0).device();
            return generator.forward(Tensor.of(noise.to(d))).data();
        } finally {
            if (wasTraining) generator.train();
        }
    }

    private void emit(java.util.function.BiConsumer<GanCallback, GanLearner> event) {
        for (GanCallback cb : callbacks) event.accept(cb, this);
    }

    // ================================================================ checkpoints

    /**
     * Puts back what {@link #load} may change, as it is now: the networks' arrays (a load replaces
     * them, never writes into them), copies of the optimizers' and the recorder's state, the switcher's.
     */
    private Runnable rollback() {
        Map<String, NDArray> g = generator.stateDict(), c = critic.stateDict();
        Map<String, NDArray> gOpt = generatorOptimizer.stateDict(), cOpt = criticOptimizer.stateDict(), history = recorder.stateDict();
        List<String> names = recorder.metricNames();
        String turn = switcher.state();
        return () -> {
            generator.loadStateDict(g, true);
            critic.loadStateDict(c, true);
            generatorOptimizer.loadStateDict(gOpt);
            criticOptimizer.loadStateDict(cOpt);
            recorder.loadStateDict(history, names);
            switcher.restore(turn);
        };
    }

    /**
     * Saves the training state to one safetensors file, atomically: both networks under
     * {@code generator.} and {@code critic.}, both optimizers under {@code generator_opt.} and
     * {@code critic_opt.}, the recorder under {@code recorder.}, and as metadata the epochs done,
     * the loader's epoch, the noise generator's position, the switcher's state, the loss and the
     * metric names.
     */
    public void save(Path path) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        generator.stateDict().forEach((k, v) -> tensors.put("generator." + k, v));
        critic.stateDict().forEach((k, v) -> tensors.put("critic." + k, v));
        generatorOptimizer.stateDict().forEach((k, v) -> tensors.put("generator_opt." + k, v));
        criticOptimizer.stateDict().forEach((k, v) -> tensors.put("critic_opt." + k, v));
        recorder.stateDict().forEach((k, v) -> tensors.put("recorder." + k, v));
        Generator.State s = rng.getState();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("jgrad.checkpoint", CHECKPOINT_FORMAT);
        meta.put("epoch", Integer.toString(epochsDone));
        meta.put("loader_epoch", Integer.toString(real.epoch()));
        meta.put("rng_seed", Long.toString(s.seed()));
        meta.put("rng_offset", Long.toString(s.offset()));
        meta.put("switcher", switcher.state());
        meta.put("loss", loss.name());
        meta.put("metrics", String.join(",", recorder.metricNames()));
        SafeTensors.write(path, tensors, meta);
    }

    /**
     * Loads a checkpoint written by {@link #save} into this learner (built as the saving one was:
     * same models, loss, switcher kind and data) and returns the epochs it had done: pass them as
     * {@code startEpoch} to {@link #fit(int, int)}. A file of another kind, another loss, a missing
     * or unexpected key or a wrong shape is an IllegalArgumentException naming the file, and leaves
     * the learner as it was: each part (a network, an optimizer, the recorder, the switcher) checks
     * its own state before changing, and when a later part refuses, the earlier ones are put back.
     */
    public int load(Path path) throws IOException {
        SafeTensorsContent content = SafeTensors.read(path);
        Map<String, String> meta = content.metadata() == null ? Map.of() : content.metadata();
        String where = "GanLearner.load(" + path + "): ";
        if (!CHECKPOINT_FORMAT.equals(meta.get("jgrad.checkpoint")))
            throw new IllegalArgumentException(where + "not a GAN checkpoint (metadata jgrad.checkpoint = " + meta.get("jgrad.checkpoint") + ")");
        if (!loss.name().equals(meta.get("loss")))
            throw new IllegalArgumentException(where + "the run trained with loss " + meta.get("loss") + ", this learner with " + loss.name());
        Map<String, Map<String, NDArray>> parts = new LinkedHashMap<>();
        for (String prefix : List.of("generator_opt.", "critic_opt.", "generator.", "critic.", "recorder.")) parts.put(prefix, new LinkedHashMap<>());
        List<String> unexpected = new ArrayList<>();
        content.tensors().forEach((k, v) -> {
            for (Map.Entry<String, Map<String, NDArray>> p : parts.entrySet())
                if (k.startsWith(p.getKey())) {
                    p.getValue().put(k.substring(p.getKey().length()), v);
                    return;
                }
            unexpected.add(k);
        });
        if (!unexpected.isEmpty()) throw new IllegalArgumentException(where + "unexpected keys " + unexpected);
        int done, loaderEpoch;
        long seed, offset;
        try {
            done = Integer.parseInt(meta.get("epoch"));
            loaderEpoch = Integer.parseInt(meta.get("loader_epoch"));
            seed = Long.parseLong(meta.get("rng_seed"));
            offset = Long.parseLong(meta.get("rng_offset"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + "bad metadata " + meta, e);
        }
        if (done < 0 || loaderEpoch < 0 || offset < 0) throw new IllegalArgumentException(where + "bad metadata " + meta);
        String names = meta.getOrDefault("metrics", "");
        Runnable rollback = rollback();
        try {
            generator.loadStateDict(parts.get("generator."), true);
            critic.loadStateDict(parts.get("critic."), true);
            generatorOptimizer.loadStateDict(parts.get("generator_opt."));
            criticOptimizer.loadStateDict(parts.get("critic_opt."));
            recorder.loadStateDict(parts.get("recorder."), names.isEmpty() ? List.of() : List.of(names.split(",")));
            switcher.restore(meta.getOrDefault("switcher", ""));
        } catch (RuntimeException e) {
            rollback.run();
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        rng.setState(seed, offset);
        real.setEpoch(loaderEpoch);
        epochsDone = done;
        return done;
    }
}
