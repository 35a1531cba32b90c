package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.BiConsumer;
import org.jgrad.nn.Module;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.ImageFolder;
import org.jgrad.training.data.LabeledImages;
import org.jgrad.training.data.Mnist;
import org.jgrad.training.data.Split;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.models.MnistCnn;

/**
 * The options that {@code train} and {@code lr-find} share, and what they build: the data
 * ({@code --data}, {@code --subset}, {@code --bs}, {@code --seed}), the model ({@code --basic}),
 * the device ({@code --device}) and the output folder ({@code --out}, default
 * {@code runs/<timestamp>}).
 */
record DataModelOptions(Dataset data, Path folder, int batchSize, int subset, long seed, Path out, String device, boolean wide) {
    /** Side of the square grey images the CNN takes; a folder's images are resized to it. */
    static final int IMAGE_SIZE = 28;

    /** MNIST's training-set mean and standard deviation of the pixel values in [0, 1]. */
    static final double MEAN = 0.1307, STD = 0.3081;

    /**
     * Parses the shared options; every other option and its value go to {@code other}, which
     * throws IllegalArgumentException for options it does not know either.
     */
    static DataModelOptions parse(String[] args, BiConsumer<String, String> other) {
        Dataset data = Dataset.MNIST;
        Path folder = null;
        int bs = 128, subset = 0;
        long seed = 0;
        Path out = null;
        String device = "auto";
        boolean wide = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--basic")) { wide = false; continue; }
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--data" -> {
                    data = switch (v) {
                        case "mnist" -> Dataset.MNIST;
                        case "fashion-mnist" -> Dataset.FASHION_MNIST;
                        default -> null;
                    };
                    folder = data == null ? Path.of(v) : null;
                    if (folder != null && !Files.isDirectory(folder.resolve("train")))
                        throw new IllegalArgumentException("--data must be mnist, fashion-mnist or a folder with train/ and valid/ subfolders of"
                                + " class folders, got '" + v + "' (" + (Files.isDirectory(folder) ? "no train/ in it" : "no such folder") + ")");
                }
                case "--bs" -> bs = positive(a, v);
                case "--subset" -> subset = positive(a, v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--out" -> out = Path.of(v);
                case "--device" -> device = v;
                default -> other.accept(a, v);
            }
        }
        if (out == null) out = Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return new DataModelOptions(data, folder, bs, subset, seed, out, device, wide);
    }

    /** The value of {@code option} as an int >= 1. */
    static int positive(String option, String value) {
        int v = Integer.parseInt(value);
        if (v < 1) throw new IllegalArgumentException(option + " must be >= 1, got " + v);
        return v;
    }

    /** The device to run on; only the CPU exists for now. */
    Device chooseDevice(PrintStream out) {
        switch (device) {
            case "cpu", "auto" -> {
                if (device.equals("auto")) out.println("device auto: the CPU (no CUDA backend is available yet; see ./jgrad info)");
                return Device.CPU;
            }
            case "cuda" -> throw new IllegalArgumentException("--device cuda: no CUDA backend is available yet (see ./jgrad info)");
            default -> throw new IllegalArgumentException("--device must be auto, cpu or cuda, got '" + device + "'");
        }
    }

    /**
     * The training set ({@code --subset} images of it, chosen with the seed, when given) and the
     * full test set as validation set, normalized, in loaders of {@code --bs}; prints their sizes.
     */
    DataLoaders dataLoaders(PrintStream out) throws IOException {
        if (folder != null) return folderLoaders(out);
        TensorDataset train = dataset(Mnist.load(data, Split.TRAIN)), valid = dataset(Mnist.load(data, Split.TEST));
        if (subset > 0) train = train.subset(Math.min(subset, train.size()), seed);
        out.println("data: " + train.size() + " training and " + valid.size() + " test images");
        return DataLoaders.of(train, valid, batchSize, seed);
    }

    /**
     * An image folder ({@code train/} and {@code valid/} — or {@code test/} — each with one folder
     * per class): images read as grey, resized to {@value #IMAGE_SIZE}×{@value #IMAGE_SIZE} for
     * the CNN, normalized with the training images' own mean and standard deviation.
     */
    private DataLoaders folderLoaders(PrintStream out) throws IOException {
        ImageFolder trainFolder = ImageFolder.scan(folder.resolve("train"));
        Path validPath = Files.isDirectory(folder.resolve("valid")) ? folder.resolve("valid") : folder.resolve("test");
        if (!Files.isDirectory(validPath)) throw new IllegalArgumentException("--data " + folder + ": needs a valid/ (or test/) folder next to train/");
        ImageFolder validFolder = ImageFolder.scan(validPath);
        if (!validFolder.classes().equals(trainFolder.classes()))
            throw new IllegalArgumentException("--data " + folder + ": the classes of train/ " + trainFolder.classes() + " and of "
                    + validPath.getFileName() + "/ " + validFolder.classes() + " differ");
        TensorDataset train = trainFolder.toTensorDataset(1, IMAGE_SIZE, IMAGE_SIZE, true);
        TensorDataset valid = validFolder.toTensorDataset(1, IMAGE_SIZE, IMAGE_SIZE, true);
        double mean = train.x().mean().item(), std = Math.max(1e-6, train.x().std(new int[0], 0, false).item());
        train = new TensorDataset(train.x().sub(mean).div(std), train.y());
        valid = new TensorDataset(valid.x().sub(mean).div(std), valid.y());
        if (subset > 0) train = train.subset(Math.min(subset, train.size()), seed);
        out.println("data: " + train.size() + " training and " + valid.size() + " validation images in " + trainFolder.classes().size()
                + " classes " + trainFolder.classes() + " from " + folder);
        return DataLoaders.of(train, valid, batchSize, seed);
    }

    /** What {@code --data} names: the data set's id or the folder. */
    String dataName() {
        return data != null ? data.id() : folder.toString();
    }

    /** The CNN of {@link MnistCnn} for the data's number of classes, initialized from the seed. */
    Module model() throws IOException {
        int classes = folder == null ? 10 : ImageFolder.scan(folder.resolve("train")).classes().size();
        Generator g = new Generator(seed);
        return wide ? MnistCnn.wide(g, classes) : MnistCnn.basic(g, classes);
    }

    /** Images normalized with MNIST's mean and standard deviation, labels as int64. */
    static TensorDataset dataset(LabeledImages images) {
        NDArray x = images.images().sub(MEAN).div(STD);
        return new TensorDataset(x, images.labels());
    }
}
