package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.ImageFiles;
import org.jgrad.training.data.ImageFolder;
import org.jgrad.training.data.LabeledImages;
import org.jgrad.training.data.Mnist;
import org.jgrad.training.data.Split;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.gan.SampleScorer;
import org.jgrad.training.models.Dcgan;

/**
 * The real images of {@code ./jgrad gan --data}: MNIST or Fashion-MNIST's training images (fetched
 * into the cache if missing), or every PNG / JPEG under a folder, read as grey and resized to
 * 28×28; scaled from [0, 1] to [-1, 1], the generator's tanh range. The labels are not used by
 * the GAN; the known data sets' labelled splits train the {@link SampleScorer}.
 *
 * @param images   (N, 1, 28, 28) in [-1, 1], labels zero
 * @param labelled the data set whose classifier scores the samples, or null for a folder
 * @param train    its labelled training images, or null
 */
record GanData(TensorDataset images, Dataset labelled, LabeledImages train) {
    static GanData load(String data, int subset, long seed, PrintStream out) throws IOException {
        Dataset known = switch (data) {
            case "mnist" -> Dataset.MNIST;
            case "fashion-mnist" -> Dataset.FASHION_MNIST;
            default -> null;
        };
        if (known != null) {
            LabeledImages train = Mnist.load(known, Split.TRAIN);
            TensorDataset all = scaled(train.images());
            TensorDataset used = subset > 0 && subset < all.size() ? all.subset(subset, seed) : all;
            out.println("data: " + used.size() + " training images of " + known.id());
            return new GanData(used, known, train);
        }
        Path folder = Path.of(data);
        if (!Files.isDirectory(folder))
            throw new IllegalArgumentException("--data must be mnist, fashion-mnist or a folder of images, got '" + data + "' (no such folder)");
        List<Path> files = ImageFolder.imageFiles(folder);
        if (files.isEmpty()) throw new IllegalArgumentException("--data " + folder + ": no PNG or JPEG image in it (at any depth)");
        int side = Dcgan.SIDE, per = side * side;
        float[] pixels = new float[files.size() * per];
        for (int i = 0; i < files.size(); i++)
            System.arraycopy(ImageFiles.read(files.get(i), 1, side, side, true).toFloatArray(), 0, pixels, i * per, per);
        TensorDataset all = scaled(NDArray.of(pixels).reshape(files.size(), 1, side, side));
        TensorDataset used = subset > 0 && subset < all.size() ? all.subset(subset, seed) : all;
        out.println("data: " + used.size() + " grey images (resized to " + side + "x" + side + ") from " + folder);
        return new GanData(used, null, null);
    }

    /** Images in [0, 1] as (2x - 1), with zero labels. */
    private static TensorDataset scaled(NDArray images) {
        return new TensorDataset(images.mul(2).sub(1), NDArray.zeros(DType.INT64, images.shape(0)));
    }

    /**
     * The scorer cached in {@code file}, or trained now on the labelled training images and checked
     * on the test images; prints its score of 1,000 real test images, the reference for the samples'.
     */
    SampleScorer scorer(Path file, long seed, PrintStream out) throws IOException {
        LabeledImages test = Mnist.load(labelled, Split.TEST);
        SampleScorer scorer = SampleScorer.cachedOrTrained(file, new TensorDataset(train.images(), train.labels()),
                new TensorDataset(test.images(), test.labels()), train.classCount(), seed, out);
        SampleScorer.Score real = scorer.score(test.images(0, 1000).mul(2).sub(1));
        out.printf(java.util.Locale.ROOT, "score of 1000 real test images: confident %.3f, class_entropy %.3f bits (of at most %.3f)%n",
                real.confidentShare(), real.classEntropyBits(), Math.log(train.classCount()) / Math.log(2));
        return scorer;
    }
}
