package org.jgrad.bench.pytorch;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.List;
import org.jgrad.bench.Workloads;
import org.jgrad.bench.models.BenchModel;

/**
 * One training step of a {@link BenchModel} in DJL, built layer for layer as {@link BenchModel}
 * defines it (conv 3×3 with bias, BatchNorm, ReLU; residual blocks as a {@link ParallelBlock} of the
 * body and the identity, summed): forward, softmax cross-entropy on sparse labels, backward, and
 * Adam (lr 1e-3, β = (0.9, 0.999), ε = 1e-8, PyTorch's defaults). The model's trainable parameter
 * count is checked against {@link BenchModel#parameterCount()} when it is built. Each step's arrays
 * live in a sub-manager closed at its end.
 */
final class PeerTrainingStep implements AutoCloseable {
    private final NDManager base;
    private final Model model;
    private final Trainer trainer;
    private final float[] images;
    private final float[] labels;
    private final Shape imageShape;
    private final DataType type;

    PeerTrainingStep(NDManager base, BenchModel benchModel, DataType type, int batch) {
        this.base = base;
        this.type = type;
        model = Model.newInstance("bench-" + benchModel.id(), ai.djl.Device.cpu(), "PyTorch");
        model.setBlock(block(benchModel));
        model.setDataType(type);
        trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()));
        imageShape = new Shape(batch, 1, 28, 28);
        trainer.initialize(imageShape);
        long trainable = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters())
            if (p.getValue().requiresGradient()) trainable += p.getValue().getArray().size();
        if (trainable != benchModel.parameterCount())
            throw new IllegalStateException("DJL model (" + benchModel.id() + ") has " + trainable + " trainable parameters, the definition "
                    + benchModel.parameterCount());
        images = Workloads.randomFloats(Workloads.SEED, Math.toIntExact(imageShape.size()));
        labels = new float[batch];
        java.util.Random random = new java.util.Random(Workloads.SEED);
        for (int i = 0; i < batch; i++) labels[i] = random.nextInt(10);
    }

    void run() {
        try (NDManager step = base.newSubManager()) {
            NDArray x = step.create(images, imageShape);
            if (type != DataType.FLOAT32) x = x.toType(type, false);
            NDArray y = step.create(labels, new Shape(labels.length));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(x));
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
                collector.backward(loss);
            }
            trainer.step();
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }

    static Block block(BenchModel m) {
        List<Integer> channels = List.of(8, 16, 32, 16, 10);
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < channels.size(); i++) {
            boolean last = i + 1 == channels.size();
            net.add(conv(channels.get(i), 2)).add(BatchNorm.builder().build());
            if (last) break;
            net.add(Activation.reluBlock());
            if (m == BenchModel.RESIDUAL_CNN) {
                SequentialBlock body = new SequentialBlock();
                for (int k = 0; k < 2; k++) body.add(conv(channels.get(i), 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
                net.add(new ParallelBlock(outs -> new NDList(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
                        List.of(body, Blocks.identityBlock())));
            }
        }
        return net.add(Blocks.batchFlattenBlock());
    }

    /** conv(3×3, padding 1, bias) with {@code filters} outputs and the given stride. */
    private static Block conv(int filters, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride)).optPadding(new Shape(1, 1))
                .setFilters(filters).build();
    }
}
