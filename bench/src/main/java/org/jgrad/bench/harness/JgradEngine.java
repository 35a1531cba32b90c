package org.jgrad.bench.harness;

import java.io.IOException;
import java.util.Random;
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
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.LabeledImages;
import org.jgrad.training.data.Mnist;
import org.jgrad.training.data.Split;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.Optimizer;

/**
 * jgrad on one device. Inputs are standard normal (labels uniform over 10 classes) from a
 * {@link Generator} seeded with {@link #SEED}, drawn in float32 and converted to the dtype, then
 * moved to the device. Training steps use PyTorch's Adam (lr 1e-3) and the mean cross-entropy;
 * the epoch reads MNIST's training images from the cache (fetched if missing), shuffled once.
 * After each timed loop the harness synchronizes the last result's device ({@link DeviceSync}),
 * a no-op on the CPU.
 */
public final class JgradEngine implements Engine {
    public static final long SEED = 20261127L;

    private final Device device;
    private LabeledImages mnist;

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
            return epoch(e, dtype, g);
        }
        throw new IllegalStateException("jgrad bench: no implementation for " + c);
    }

    /** One MNIST epoch per call: the shuffled training images in batches, each a {@link TrainingStep}. */
    private Prepared epoch(Case.Epoch e, DType dtype, Generator g) throws IOException {
        if (mnist == null) mnist = Mnist.load(Dataset.MNIST, Split.TRAIN);
        if (mnist.size() < e.images())
            throw new UnsupportedOperationException("MNIST has " + mnist.size() + " training images, the case needs " + e.images());
        TrainingStep step = new TrainingStep(e.model().build(g), dtype);
        int[] order = shuffled(e.images());
        return timed(() -> {
            Tensor loss = null;
            for (int from = 0; from < order.length; from += e.batch()) {
                int[] batch = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + e.batch()));
                loss = step.run(mnist.images(batch).to(dtype).to(device), mnist.labels(batch).to(device));
            }
            return loss;
        });
    }

    private static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random random = new Random(SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
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
