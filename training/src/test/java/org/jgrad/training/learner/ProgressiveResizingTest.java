package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.AdaptiveAvgPool2d;
import org.jgrad.nn.layers.BatchNorm2d;
import org.jgrad.nn.layers.Conv2d;
import org.jgrad.nn.layers.Flatten;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.augment.BatchTransform;
import org.jgrad.training.augment.Resize;
import org.jgrad.training.data.DataLoader;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.LabeledImages;
import org.jgrad.training.data.Mnist;
import org.jgrad.training.data.Split;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.optim.Adam;
import org.junit.jupiter.api.Test;

/**
 * Progressive resizing on real MNIST (fetched into the cache if missing): a few batches on
 * 1,024 training images resized to 14×14, then the same learner, model and optimizer state on the
 * 28×28 images; the loss keeps falling and the recorder keeps one history across both fits.
 */
class ProgressiveResizingTest {
    private static TensorDataset normalized(LabeledImages images, int n) {
        return new TensorDataset(images.images(0, n).sub(0.1307).div(0.3081), images.labels(0, n));
    }

    /** Loaders whose batches pass through {@code transform}, recording the image sizes they give. */
    private static DataLoaders loaders(TensorDataset train, TensorDataset valid, BatchTransform transform, Set<String> sizes) {
        BatchTransform recorded = x -> {
            NDArray out = transform.transform(x);
            sizes.add(out.shape(2) + "x" + out.shape(3));
            return out;
        };
        return new DataLoaders(new DataLoader(train, 64, true, true, 0, recorded), new DataLoader(valid, 128, false, false, 0, recorded));
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    @Test
    void smallImagesThenFullSizeWithTheSameModelAndOptimizer() throws IOException {
        TensorDataset train = normalized(Mnist.load(Dataset.MNIST, Split.TRAIN), 1024), valid = normalized(Mnist.load(Dataset.MNIST, Split.TEST), 512);
        Generator g = new Generator(0);
        Module model = new Sequential(new Conv2d(1, 16, 3, 1, 1, 1, 1, true, g), new BatchNorm2d(16), new Activations.ReLU(),
                new Conv2d(16, 32, 3, 2, 1, 1, 1, true, g), new BatchNorm2d(32), new Activations.ReLU(),
                new AdaptiveAvgPool2d(1), new Flatten(), new Linear(32, 10, true, g));
        Set<String> small = ConcurrentHashMap.newKeySet(), full = ConcurrentHashMap.newKeySet();
        Learner learn = new Learner(loaders(train, valid, new Resize(14, 14), small), model, new CrossEntropyLoss()::forward,
                groups -> Adam.fastai(groups, 1e-3), List.of(new Accuracy()));
        var optimizer = learn.optimizer();

        learn.fitOneCycle(1, 1e-2);   // 16 batches of 14x14
        int first = learn.recorder().batchLosses().size();
        assertEquals(16, first);
        double smallValidLoss = learn.recorder().epochs().get(0).validLoss();

        learn.setDataLoaders(loaders(train, valid, x -> x, full));
        learn.fitOneCycle(1, 1e-2);   // the same 16 batches at 28x28
        assertEquals(Set.of("14x14"), small);
        assertEquals(Set.of("28x28"), full);
        assertSame(optimizer, learn.optimizer());
        assertSame(model, learn.model());

        List<Double> losses = learn.recorder().batchLosses();
        assertEquals(2 * first, losses.size(), "one history across both fits");
        assertEquals(2, learn.recorder().epochs().size());
        assertArrayEquals(new Integer[] {first, 2 * first}, learn.recorder().epochEnds().toArray(Integer[]::new));
        double start = mean(losses.subList(0, 4)), endOfSmall = mean(losses.subList(first - 4, first)), endOfFull = mean(losses.subList(2 * first - 4, 2 * first));
        assertTrue(endOfSmall < start, "the loss falls on 14x14: " + start + " -> " + endOfSmall);
        assertTrue(endOfFull < endOfSmall, "and keeps falling at 28x28: " + endOfSmall + " -> " + endOfFull);
        assertTrue(mean(losses.subList(first, first + 4)) < start, "the 28x28 fit starts from the trained model, not from scratch");
        assertTrue(learn.recorder().epochs().get(1).validLoss() < smallValidLoss, "validation loss " + smallValidLoss + " -> "
                + learn.recorder().epochs().get(1).validLoss());
    }

    @Test
    void theDataCannotBeSwappedDuringAFit() {
        Learner learn = Fixtures.learner(0);
        DataLoaders other = learn.dls();
        learn.addCallbacks(new Callback() {
            @Override
            public void beforeEpoch(Learner l) {
                l.setDataLoaders(other);
            }
        });
        assertThrows(IllegalStateException.class, () -> learn.fit(1, 1e-3));
        learn.setDataLoaders(other);   // between fits it is fine
    }
}
