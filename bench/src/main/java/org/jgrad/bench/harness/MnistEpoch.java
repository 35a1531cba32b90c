package org.jgrad.bench.harness;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.DataLoader;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.LabeledImages;
import org.jgrad.training.data.Mnist;
import org.jgrad.training.data.Split;
import org.jgrad.training.data.TensorDataset;

/**
 * The epoch case ({@link Case.Epoch}) as {@code ./jgrad train --basic} runs it, defined once for every
 * engine: MNIST's training images (or the first {@code images} of their seeded permutation, as
 * {@code --subset} takes them) normalized with MNIST's mean 0.1307 and standard deviation 0.3081, in
 * batches of the case's size, shuffled by jgrad's {@link DataLoader} with seed {@value #SEED} (train's
 * default {@code --seed}) and the last partial batch dropped; the model initialized from a
 * generator with the same seed; fastai's Adam (β₁ 0.9, β₂ 0.99, ε 1e-5, decoupled weight decay 0.01
 * on the weights, none on biases and BatchNorm parameters) under fastai's one-cycle schedule over the
 * epoch's batches with peak learning rate {@value #MAX_LR} (div 25, div_final 1e5, pct_start 0.25,
 * β₁ 0.95 → 0.85 → 0.95; see {@code OneCycle}); then the accuracy on the 10,000 test images. A peer
 * in another framework reads the same batches through {@link #batchIndices}.
 */
public final class MnistEpoch {
    private MnistEpoch() {}

    /** Seed of the shuffling, the subset and the initialization: {@code ./jgrad train}'s default. */
    public static final long SEED = 0;

    /** The one-cycle schedule's peak learning rate, {@code ./jgrad train}'s default {@code --lr}. */
    public static final double MAX_LR = 1e-2;

    /** MNIST's training-set mean and standard deviation of the pixels in [0, 1] (as {@code ./jgrad train} normalizes). */
    public static final double MEAN = 0.1307, STD = 0.3081;

    /** The normalized training images the case trains on (the first {@code images} of the seeded permutation when fewer than all). */
    public static TensorDataset train(Case.Epoch e) throws IOException {
        TensorDataset all = normalized(Mnist.load(Dataset.MNIST, Split.TRAIN));
        if (all.size() < e.images())
            throw new UnsupportedOperationException("MNIST has " + all.size() + " training images, the case needs " + e.images());
        return e.images() == all.size() ? all : all.subset(e.images(), SEED);
    }

    /** The normalized 10,000 test images. */
    public static TensorDataset test() throws IOException {
        return normalized(Mnist.load(Dataset.MNIST, Split.TEST));
    }

    /** The training and test loaders, as {@code ./jgrad train} builds them. */
    public static DataLoaders loaders(TensorDataset train, TensorDataset test, int batch) {
        return DataLoaders.of(train, test, batch, SEED);
    }

    /**
     * The indices into MNIST's training images of each batch of the epoch, in order: the same
     * {@link DataLoader} (and subset) over a dataset whose targets are the image indices, so a peer
     * trains on exactly the batches {@link #loaders} gives jgrad.
     */
    public static List<long[]> batchIndices(int trainingImages, Case.Epoch e) {
        TensorDataset indices = new TensorDataset(NDArray.zeros(trainingImages, 1), NDArray.arange(trainingImages).to(DType.INT64));
        if (e.images() < trainingImages) indices = indices.subset(e.images(), SEED);
        List<long[]> batches = new ArrayList<>();
        for (TensorDataset.Batch b : new DataLoader(indices, e.batch(), true, true, SEED, null)) batches.add(b.y().toLongArray());
        return batches;
    }

    private static TensorDataset normalized(LabeledImages images) {
        return new TensorDataset(images.images().sub(MEAN).div(STD), images.labels());
    }
}
