package org.jgrad.bench.pytorch;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.MnistEpoch;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.TensorDataset;

/**
 * The epoch case in DJL, as {@link MnistEpoch} defines it for jgrad: the same batches of the same
 * normalized MNIST images ({@link MnistEpoch#batchIndices}), the model {@link PeerTrainingStep#block}
 * builds with jgrad's initial weights copied in (jgrad's {@code BenchModel.build} from the same seed,
 * parameter by parameter in order, shapes checked), the mean softmax cross-entropy, and
 * {@link OneCycleAdam} (fastai's Adam under one-cycle, set before every batch from
 * pos = batches done / batches). Each {@link #run} trains a fresh model for one epoch; {@link #accuracy}
 * then evaluates the last one on the 10,000 test images in inference mode (BatchNorm's running
 * statistics), outside the clock.
 */
final class PeerEpoch implements AutoCloseable {
    private final NDManager base;
    private final Case.Epoch epoch;
    private final float[] trainImages, testImages;
    private final float[] trainLabels, testLabels;
    private final List<long[]> batches;
    private static final int PIXELS = 28 * 28;
    private Model model;
    private Trainer trainer;

    PeerEpoch(NDManager base, Case.Epoch epoch) throws IOException {
        this.base = base;
        this.epoch = epoch;
        TensorDataset train = MnistEpoch.train(new Case.Epoch(epoch.model(), epoch.batch(), 60_000)), test = MnistEpoch.test();
        trainImages = train.x().toFloatArray();
        trainLabels = floats(train.y().toLongArray());
        testImages = test.x().toFloatArray();
        testLabels = floats(test.y().toLongArray());
        batches = MnistEpoch.batchIndices(train.size(), epoch);
    }

    /** One epoch of a freshly built model. */
    void run() {
        close();
        model = Model.newInstance("epoch-" + epoch.model().id(), ai.djl.Device.cpu(), "PyTorch");
        model.setBlock(PeerTrainingStep.block(epoch.model()));
        List<String> decayed = new ArrayList<>();
        OneCycleAdam optimizer = new OneCycleAdam(decayed, MnistEpoch.MAX_LR);
        trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer));
        trainer.initialize(new Shape(epoch.batch(), 1, 28, 28));
        copyJgradWeights(decayed);
        int b = 0;
        for (long[] batch : batches) {
            optimizer.at((double) b++ / batches.size());
            try (NDManager step = base.newSubManager()) {
                NDArray x = step.create(gather(trainImages, batch, PIXELS), new Shape(batch.length, 1, 28, 28));
                NDArray y = step.create(gather(trainLabels, batch, 1), new Shape(batch.length));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                    collector.backward(loss);
                }
                trainer.step();
            }
        }
    }

    /** The last trained model's accuracy on the test images, in inference mode. */
    double accuracy() {
        if (model == null) return Double.NaN;
        int n = testLabels.length, correct = 0, size = epoch.batch();
        for (int from = 0; from < n; from += size) {
            int count = Math.min(size, n - from);
            try (NDManager step = base.newSubManager()) {
                float[] pixels = new float[count * PIXELS];
                System.arraycopy(testImages, from * PIXELS, pixels, 0, pixels.length);
                NDArray logits = model.getBlock().forward(new ParameterStore(step, false),
                        new NDList(step.create(pixels, new Shape(count, 1, 28, 28))), false).singletonOrThrow();
                long[] predicted = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < count; i++) if (predicted[i] == (long) testLabels[from + i]) correct++;
            }
        }
        return (double) correct / n;
    }

    /**
     * Sets the DJL model's trainable parameters to jgrad's initial ones, in order (conv weight and bias,
     * BatchNorm γ and β, block by block, the residual body before its shortcut), and collects the ids
     * of the weights that get weight decay (the convolutions', not biases or BatchNorm's).
     */
    private void copyJgradWeights(List<String> decayed) {
        List<Tensor> jgrad = epoch.model().build(new Generator(MnistEpoch.SEED)).parameters();
        int k = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            Parameter param = p.getValue();
            if (!param.requiresGradient()) continue;
            if (k >= jgrad.size()) throw new IllegalStateException("DJL model (" + epoch.model().id() + ") has more trainable parameters than jgrad's");
            Tensor t = jgrad.get(k++);
            long[] djlShape = param.getArray().getShape().getShape();
            int[] jgradShape = t.data().shape();
            if (!java.util.Arrays.equals(djlShape, java.util.Arrays.stream(jgradShape).asLongStream().toArray()))
                throw new IllegalStateException("parameter " + k + " of model (" + epoch.model().id() + "): DJL " + p.getKey() + " "
                        + java.util.Arrays.toString(djlShape) + ", jgrad " + java.util.Arrays.toString(jgradShape));
            param.getArray().set(t.data().toFloatArray());
            if (param.getType() == Parameter.Type.WEIGHT) decayed.add(param.getId());
        }
        if (k != jgrad.size()) throw new IllegalStateException("DJL model (" + epoch.model().id() + ") has " + k + " trainable parameters, jgrad's " + jgrad.size());
    }

    private static float[] gather(float[] all, long[] rows, int width) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) System.arraycopy(all, (int) rows[i] * width, out, i * width, width);
        return out;
    }

    private static float[] floats(long[] labels) {
        float[] out = new float[labels.length];
        for (int i = 0; i < labels.length; i++) out[i] = labels[i];
        return out;
    }

    @Override
    public void close() {
        if (trainer != null) trainer.close();
        if (model != null) model.close();
        trainer = null;
        model = null;
    }
}
