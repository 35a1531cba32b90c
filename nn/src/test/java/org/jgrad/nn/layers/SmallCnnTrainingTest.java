package org.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/**
 * A small CNN (two Conv2d-BatchNorm2d-ReLU-MaxPool2d blocks, Flatten, Linear) learns to tell noisy
 * 8×8 images of a horizontal bar from a vertical one, with plain SGD and cross-entropy written
 * here as −mean(logSoftmax(logits)[n, label_n]).
 */
class SmallCnnTrainingTest {
    private static final int SIZE = 8;

    /** {images (n, 1, 8, 8), int64 labels (n)}: label 0 a horizontal bar, 1 a vertical one, at a random place, plus noise. */
    private static NDArray[] dataset(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] pixels = new float[n * SIZE * SIZE];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2, line = r.nextInt(SIZE), start = r.nextInt(3), length = 5 + r.nextInt(SIZE - 4 - start);
            labels[i] = label;
            for (int k = 0; k < SIZE * SIZE; k++) pixels[i * SIZE * SIZE + k] = (float) (0.3 * r.nextGaussian());
            for (int t = start; t < start + length; t++) {
                int row = label == 0 ? line : t, col = label == 0 ? t : line;
                pixels[i * SIZE * SIZE + row * SIZE + col] += 1f;
            }
        }
        return new NDArray[] {NDArray.of(pixels).reshape(n, 1, SIZE, SIZE), NDArray.of(labels)};
    }

    private static Tensor crossEntropy(Tensor logits, NDArray labels) {
        return logits.logSoftmax(1).gather(1, labels.reshape(-1, 1)).mean().neg();
    }

    private static double accuracy(Module model, NDArray[] data) {
        model.eval();
        try (var scope = GradMode.noGrad()) {
            NDArray predicted = model.forward(Tensor.of(data[0])).data().argmax(1, false);
            return predicted.eq(data[1]).to(DType.FLOAT32).mean().item();
        } finally {
            model.train();
        }
    }

    @Test
    void learnsHorizontalVersusVerticalBars() {
        Generator g = new Generator(2024);
        Module model = new Sequential(
                new Conv2d(1, 4, 3, 1, 1, 1, 1, true, g), new BatchNorm2d(4), new Activations.ReLU(), new MaxPool2d(2),
                new Conv2d(4, 8, 3, 1, 1, 1, 1, true, g), new BatchNorm2d(8), new Activations.ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(8 * 2 * 2, 2, true, g));
        NDArray[] train = dataset(512, 1), test = dataset(256, 2);

        double before = accuracy(model, test);
        assertTrue(before > 0.3 && before < 0.7, "the untrained model should be near chance, got " + before);

        int batch = 32, steps = 300;
        double lr = 0.1;
        java.util.Random order = new java.util.Random(3);
        double loss = Double.NaN;
        for (int step = 0; step < steps; step++) {
            int start = order.nextInt(512 / batch) * batch;
            Tensor x = Tensor.of(train[0].narrow(0, start, batch));
            NDArray y = train[1].narrow(0, start, batch);
            model.zeroGrad();
            Tensor l = crossEntropy(model.forward(x), y);
            l.backward();
            loss = l.item();
            try (var scope = GradMode.noGrad()) {
                for (Tensor p : model.parameters()) p.data().assign(p.data().sub(p.grad().mul(lr)));
            }
        }
        double after = accuracy(model, test);
        assertTrue(after >= 0.95, "test accuracy after training " + after + " (last batch loss " + loss + ")");
    }
}
