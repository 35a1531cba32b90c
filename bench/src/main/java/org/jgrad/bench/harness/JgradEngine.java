package org.jgrad.bench.harness;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.jgrad.autograd.Tensor;
import org.jgrad.bench.timing.DeviceSync;
import org.jgrad.nn.Module;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.Backends;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.CpuParallel;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.Optimizer;

/**
 * jgrad on one device. Inputs are standard normal (labels uniform over 10 classes) from a
 * {@link Generator} seeded with {@link #SEED}, drawn in float32 and converted to the dtype, then
 * moved to the device. Training steps use PyTorch's Adam (lr 1e-3) and the mean cross-entropy;
 * the epoch is {@code ./jgrad train --basic}'s ({@link MnistEpoch}: MNIST from the cache, fetched if
 * missing, fastai's Adam under one-cycle), its test accuracy measured after the timed calls.
 * After each timed loop the harness synchronizes the last result's device ({@link DeviceSync}),
 * a no-op on the CPU.
 */
public final class JgradEngine implements Engine {
    public static final long SEED = 20261127L;

    private final Device device;
    private TensorDataset epochTrain, epochTest;

    public JgradEngine(Device device) {
        this.device = device;
        Backends.of(device); // fails now, with the backend's reason, if the device cannot be opened
    }

    @Override
    public String name() {
        return "jgrad";
    }

    /** The device as results name it: "cuda:0", or "cuda:0-emulated" on an emulated device, which ratios and charts leave out. */
    @Override
    public String device() {
        return device + (Backends.isEmulated(device) ? EMULATED : "");
    }

    @Override
    public String describe() {
        String threads = device.equals(Device.CPU) ? ", " + CpuParallel.threads() + " threads (-Djgrad.threads)" : "";
        return "jgrad on " + device + ": " + Backends.of(device).describe() + threads;
    }

    @Override
    public Prepared prepare(Case c, DType dtype) throws IOException {
        if (!dtype.isFloating()) throw new UnsupportedOperationException("jgrad bench: dtype " + dtype + " is not floating");
        Generator g = new Generator(SEED);
        if (c instanceof Case.Matmul m) {
            NDArray a = input(g, dtype, m.n(), m.n()), b = input(g, dtype, m.n(), m.n());
            return timed(() -> a.matmul(b));
        } else if (c instanceof Case.Conv2d k) {
            NDArray x = input(g, dtype, k.batch(), k.in(), k.height(), k.height());
            NDArray w = input(g, dtype, k.out(), k.in(), k.kernel(), k.kernel());
            Conv2dParams p = Conv2dParams.DEFAULT.stride(k.stride()).padding(k.padding());
            return timed(() -> x.conv2d(w, p));
        } else if (c instanceof Case.Elementwise e) {
            NDArray a = input(g, dtype, e.n()), b = input(g, dtype, e.n());
            return timed(e.op().equals("add") ? () -> a.add(b) : a::relu);
        } else if (c instanceof Case.Reduction r) {
            NDArray a = input(g, dtype, r.n());
            return timed(r.op().equals("sum") ? a::sum : a::max);
        } else if (c instanceof Case.TrainStep t) {
            TrainingStep step = new TrainingStep(t.model().build(g), dtype);
            NDArray x = input(g, dtype, t.batch(), 1, 28, 28);
            NDArray y = NDArray.randint(0, 10, g, t.batch()).to(device);
            return timed(() -> step.run(x, y));
        } else if (c instanceof Case.Epoch e) {
            return epoch(e, dtype);
        }
        throw new IllegalStateException("jgrad bench: no implementation for " + c);
    }

    /**
     * One MNIST epoch per call, as {@code ./jgrad train --basic} trains ({@link MnistEpoch}): a fresh
     * model and {@link Learner} with fastai's Adam and one-cycle; the test set is not evaluated inside
     * the call (a callback skips the learner's validation), but by {@code accuracy} afterwards.
     */
    private Prepared epoch(Case.Epoch e, DType dtype) throws IOException {
        if (!dtype.equals(DType.FLOAT32)) throw new UnsupportedOperationException("the epoch case trains in float32 only");
        if (epochTrain == null || epochTrain.size() != e.images()) {
            epochTrain = MnistEpoch.train(e);
            epochTest = MnistEpoch.test();
        }
        DataLoaders dls = MnistEpoch.loaders(epochTrain, epochTest, e.batch());
        if (!device.equals(Device.CPU)) dls = dls.andThen(b -> new TensorDataset.Batch(b.x().to(device), b.y().to(device)));
        DataLoaders loaders = dls;
        Learner[] last = new Learner[1];
        Callback skipValidation = new Callback() {
            @Override
            public void beforeValidate(Learner learner) {
                throw Callback.Cancel.EPOCH;
            }
        };
        return new Prepared(() -> {
            Module model = e.model().build(new Generator(MnistEpoch.SEED)).to(device);
            last[0] = new Learner(loaders, model, new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, MnistEpoch.MAX_LR),
                    List.of(new Accuracy())).addCallbacks(skipValidation);
            last[0].fitOneCycle(1, MnistEpoch.MAX_LR);
        }, () -> {}, () -> {}, () -> last[0] == null ? Double.NaN : last[0].validate().metrics().get("accuracy"));
    }

    /** A call whose result is kept so that the sync can read it. */
    private static Prepared timed(Supplier<?> op) {
        Object[] last = new Object[1];
        return new Prepared(() -> last[0] = op.get(), () -> DeviceSync.awaitResult(last[0]));
    }

    private NDArray input(Generator g, DType dtype, int... shape) {
        return NDArray.randn(g, DType.FLOAT32, shape).to(dtype).to(device);
    }

    /** Zero the gradients, forward, cross-entropy, backward, one Adam step; the model lives on this device in {@code dtype}. */
    private final class TrainingStep {
        private final Module model;
        private final Optimizer optimizer;
        private final CrossEntropyLoss loss = new CrossEntropyLoss();

        TrainingStep(Module model, DType dtype) {
            this.model = model.to(dtype).to(device).train();
            this.optimizer = Adam.of(model.parameters(), 1e-3);
        }

        Tensor run(NDArray images, NDArray labels) {
            model.zeroGrad();
            Tensor l = loss.forward(model.forward(Tensor.of(images)), labels);
            l.backward();
            optimizer.step();
            return l;
        }
    }
}
