package org.jgrad.training.reliability;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.BatchNorm2d;
import org.jgrad.nn.layers.Conv2d;
import org.jgrad.nn.layers.Dropout;
import org.jgrad.nn.layers.Flatten;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.layers.MaxPool2d;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.Optimizer;

/**
 * A small classification problem and a model trained on it one batch at a time, everything drawn
 * from one seed: the data (random inputs, random labels of 4 classes), the initial weights and the
 * dropout masks. Batch k is items {@code [k·B, (k+1)·B)} modulo the data size.
 */
final class TinyTraining {
    static final int CLASSES = 4;

    final Module model;
    final Optimizer optimizer;
    private final NDArray x, y;   // (N, ...), (N)
    private final int batchSize;
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private int steps;

    private TinyTraining(Module model, NDArray x, NDArray y, int batchSize) {
        this.model = model;
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.optimizer = Adam.of(model.parameters(), 1e-3);
    }

    /** A 16-32-4 MLP on 64 items of 16 features, batches of 16. */
    static TinyTraining mlp(long seed) {
        Generator g = new Generator(seed);
        Module m = new Sequential(new Linear(16, 32, true, g), new Activations.ReLU(), new Linear(32, CLASSES, true, g));
        return new TinyTraining(m, NDArray.randn(g, DType.FLOAT32, 64, 16), NDArray.randint(0, CLASSES, g, 64), 16);
    }

    /**
     * A CNN on 128 grey 16×16 images, batches of 32: conv 3×3 (8 channels), batch norm, ReLU,
     * max pool, dropout 0.1, linear; large enough that the CPU backend splits its loops over threads.
     */
    static TinyTraining cnn(long seed) {
        Generator g = new Generator(seed);
        Module m = new Sequential(new Conv2d(1, 8, 3, 1, 1, 1, 1, true, g), new BatchNorm2d(8),
                new Activations.ReLU(), new MaxPool2d(2), new Dropout(0.1, g), new Flatten(), new Linear(8 * 8 * 8, CLASSES, true, g));
        return new TinyTraining(m, NDArray.randn(g, DType.FLOAT32, 128, 1, 16, 16), NDArray.randint(0, CLASSES, g, 128), 32);
    }

    /** One training step on the next batch; returns its loss. */
    double step() {
        int from = steps++ * batchSize % x.shape(0);
        Tensor l = loss.forward(model.forward(Tensor.of(x.narrow(0, from, batchSize))), y.narrow(0, from, batchSize));
        l.backward();
        optimizer.step();
        optimizer.zeroGrad();
        return l.item();
    }

    /** Copies of the model's parameters and buffers and of the optimizer's state. */
    Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> out.put("model." + k, v.copy()));
        optimizer.stateDict().forEach((k, v) -> out.put("opt." + k, v.copy()));
        return out;
    }
}
