package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jgrad.nn.Module;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.CategoryBlock;
import org.jgrad.training.data.Cifar10Reader;
import org.jgrad.training.data.CsvTable;
import org.jgrad.training.data.DataBlock;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.ImageFolder;
import org.jgrad.training.data.Mnist;
import org.jgrad.training.data.RegressionBlock;
import org.jgrad.training.data.Split;
import org.jgrad.training.data.Splitters;
import org.jgrad.training.data.TargetBlock;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.data.VectorBlock;
import org.jgrad.training.learner.LossFunction;
import org.jgrad.training.learner.Metric;
import org.jgrad.training.models.DefaultModels;

/**
 * The data {@code --data} names, loaded for {@code train} and {@code lr-find}: the loaders, what
 * the model reads ({@link DefaultModels} chooses it), the number of outputs and the target block,
 * whose default loss and metrics train it (classes: cross-entropy and accuracy; a number: MSE).
 * Every kind of data is standardized with statistics of its training items only.
 *
 * @param loaders    training and validation loaders of {@code --bs}
 * @param input      the kind of model input
 * @param features   the number of input features (tables; 0 for images)
 * @param outputs    classes, or 1 for a number
 * @param target     the target block: its default loss and metrics
 * @param validName  what the validation items are, for messages: {@code test} or {@code validation}
 * @param blackPixel the standardized value of a black pixel, to fill around transformed images (NaN for tables)
 */
record TrainingData(DataLoaders loaders, DefaultModels.Input input, int features, int outputs, TargetBlock<?> target,
                    String validName, double blackPixel) {
    /** The share of a CSV table's rows held out for validation, chosen with the seed. */
    static final double CSV_VALID_PCT = 0.2;

    /** The model for this data, initialized from {@code seed}. */
    Module model(boolean wide, long seed) {
        return DefaultModels.of(input, features, outputs, wide, new Generator(seed));
    }

    LossFunction loss() {
        return target.defaultLoss();
    }

    List<Metric> metrics() {
        return target.defaultMetrics();
    }

    /** MNIST or Fashion-MNIST: the training set and the 10,000-image test set, with MNIST's mean and standard deviation. */
    static TrainingData idx(Dataset data, DataModelOptions o, PrintStream out) throws IOException {
        TensorDataset train = DataModelOptions.dataset(Mnist.load(data, Split.TRAIN)), valid = DataModelOptions.dataset(Mnist.load(data, Split.TEST));
        train = subset(train, o);
        out.println("data: " + train.size() + " training and " + valid.size() + " test images");
        return new TrainingData(DataLoaders.of(train, valid, o.batchSize(), o.seed()), DefaultModels.Input.GREY_IMAGES, 0,
                data.classNames().size(), new CategoryBlock(), "test", -DataModelOptions.MEAN / DataModelOptions.STD);
    }

    /**
     * An image folder ({@code train/} and {@code valid/} — or {@code test/} — each with one folder
     * per class): images read as grey, resized to {@value DataModelOptions#IMAGE_SIZE} pixels square.
     */
    static TrainingData imageFolder(Path folder, DataModelOptions o, PrintStream out) throws IOException {
        ImageFolder trainFolder = ImageFolder.scan(folder.resolve("train"));
        Path validPath = Files.isDirectory(folder.resolve("valid")) ? folder.resolve("valid") : folder.resolve("test");
        if (!Files.isDirectory(validPath)) throw new IllegalArgumentException("--data " + folder + ": needs a valid/ (or test/) folder next to train/");
        ImageFolder validFolder = ImageFolder.scan(validPath);
        if (!validFolder.classes().equals(trainFolder.classes()))
            throw new IllegalArgumentException("--data " + folder + ": the classes of train/ " + trainFolder.classes() + " and of "
                    + validPath.getFileName() + "/ " + validFolder.classes() + " differ");
        int side = DataModelOptions.IMAGE_SIZE;
        Standardized s = Standardized.images(trainFolder.toTensorDataset(1, side, side, true), validFolder.toTensorDataset(1, side, side, true));
        TensorDataset train = subset(s.train(), o);
        out.println("data: " + train.size() + " training and " + s.valid().size() + " validation images in " + trainFolder.classes().size()
                + " classes " + trainFolder.classes() + " from " + folder);
        return new TrainingData(DataLoaders.of(train, s.valid(), o.batchSize(), o.seed()), DefaultModels.Input.GREY_IMAGES, 0,
                trainFolder.classes().size(), new CategoryBlock(), "validation", s.blackPixel());
    }

    /** CIFAR-10's binary files ({@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin}): 32×32 colour images. */
    static TrainingData cifar10(Path folder, DataModelOptions o, PrintStream out) throws IOException {
        Standardized s = Standardized.images(Cifar10Reader.readSplit(folder, Split.TRAIN).toTensorDataset(),
                Cifar10Reader.readSplit(folder, Split.TEST).toTensorDataset());
        TensorDataset train = subset(s.train(), o);
        out.println("data: " + train.size() + " training and " + s.valid().size() + " test images (CIFAR-10, 3×32×32) from " + folder);
        return new TrainingData(DataLoaders.of(train, s.valid(), o.batchSize(), o.seed()), DefaultModels.Input.RGB_IMAGES, 0,
                Cifar10Reader.CLASS_NAMES.size(), new CategoryBlock(), "test", s.blackPixel());
    }

    /**
     * A CSV table ({@link CsvTable#readGuessingHeader}): column {@code --label} the target, as
     * classes or, with {@code --regression}, a number ({@link RegressionBlock}); every other column
     * a numeric feature, standardized per column; {@value #CSV_VALID_PCT} of the rows, chosen with
     * the seed, for validation.
     */
    static TrainingData csv(Path file, DataModelOptions o, PrintStream out) throws IOException {
        if (o.label() == null) throw new IllegalArgumentException("--data " + file + ": a CSV table needs --label COLUMN (the target column)");
        CsvTable table = CsvTable.readGuessingHeader(file);
        String label = o.label();
        int[] columns = table.otherColumns(label);
        if (columns.length == 0) throw new IllegalArgumentException("--data " + file + ": no feature column besides the label '" + label + "'");
        VectorBlock<CsvTable.Row> features = VectorBlock.of(columns.length, row -> row.numbers(columns));
        DataBlock.Datasets ds = o.regression()
                ? DataBlock.of(features, new RegressionBlock()).labeller(row -> row.number(label))
                        .splitter(Splitters.random(CSV_VALID_PCT, o.seed())).datasets(table.rows())
                : DataBlock.of(features, new CategoryBlock()).labeller(row -> row.get(label))
                        .splitter(Splitters.random(CSV_VALID_PCT, o.seed())).datasets(table.rows());
        Standardized s = Standardized.columns(ds.train(), ds.valid());
        TensorDataset train = subset(s.train(), o);
        out.println("data: " + train.size() + " training and " + s.valid().size() + " validation rows of " + file + ", " + columns.length
                + " features, label '" + label + "': " + (o.regression() ? "a number (regression, MSE)" : ds.vocab().size() + " classes "
                + abbreviate(ds.vocab())));
        return new TrainingData(DataLoaders.of(train, s.valid(), o.batchSize(), o.seed()), DefaultModels.Input.FEATURES, columns.length,
                o.regression() ? 1 : ds.vocab().size(), ds.target(), "validation", Double.NaN);
    }

    private static TensorDataset subset(TensorDataset train, DataModelOptions o) {
        return o.subset() > 0 ? train.subset(Math.min(o.subset(), train.size()), o.seed()) : train;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 12 ? names.toString() : names.subList(0, 12) + " …";
    }

    /**
     * Training and validation inputs standardized with the training inputs' mean and standard
     * deviation {@code (x − mean) / std}, taken over all values (images) or per column (tables; a
     * constant column keeps std 1).
     */
    private record Standardized(TensorDataset train, TensorDataset valid, double blackPixel) {
        static Standardized images(TensorDataset train, TensorDataset valid) {
            double mean = train.x().mean().item(), std = Math.max(1e-6, train.x().std(0, false).item());
            return new Standardized(new TensorDataset(train.x().sub(mean).div(std), train.y()),
                    new TensorDataset(valid.x().sub(mean).div(std), valid.y()), -mean / std);
        }

        static Standardized columns(TensorDataset train, TensorDataset valid) {
            NDArray mean = train.x().mean(new int[] {0}, true), std = train.x().std(new int[] {0}, 0, true);
            std = std.add(std.lt(1e-6).to(DType.FLOAT32));
            return new Standardized(new TensorDataset(train.x().sub(mean).div(std), train.y()),
                    new TensorDataset(valid.x().sub(mean).div(std), valid.y()), Double.NaN);
        }
    }
}
