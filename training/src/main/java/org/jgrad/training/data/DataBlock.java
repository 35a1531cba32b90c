package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.training.learner.LossFunction;
import org.jgrad.training.learner.Metric;

/**
 * Describes how to build training and validation data from a source, in the spirit of fastai's
 * {@code DataBlock}: an input block and a target block, how to get the items from the source, how
 * to split them, how to label them, and transforms.
 *
 * <pre>{@code
 * // an image folder split into train/ and valid/, one sub-folder per class in each
 * DataBlock<Path, Object> block = DataBlock.of(ImageBlock.rgb().resized(32, 32), new CategoryBlock())
 *         .getItems(ImageFolder::imageFiles)
 *         .splitter(Splitters.byFolder("train", "valid"))
 *         .labeller(ImageFolder::parentLabel)
 *         .batchTransform(b -> b);                        // e.g. augmentation
 * DataLoaders dls = block.dataloaders(root, 64, 42);
 * Learner learn = new Learner(dls, model, block.target().defaultLoss(), optimizer, block.target().defaultMetrics());
 *
 * // a CSV table without header: 64 numeric columns and a class column "64"; a seeded 20% validation split
 * int[] pixels = IntStream.range(0, 64).toArray();
 * DataBlock<CsvTable.Row, Object> digits = DataBlock
 *         .of(VectorBlock.of(64, (CsvTable.Row row) -> row.numbers(pixels)), new CategoryBlock())
 *         .getItems(p -> CsvTable.read(p, false).rows())
 *         .labeller(row -> row.get("64"))
 *         .splitter(Splitters.random(0.2, 42))
 *         .itemTransform(x -> x.div(16.0));
 * DataBlock.Datasets ds = digits.datasets(csvFile);        // ds.vocab(): ["0", ..., "9"]
 * DataLoaders small = ds.subset(200, 50, 0).dataloaders(32, 0); // try ideas on a subset first
 * }</pre>
 *
 * <p>Building ({@link #datasets}) runs, in order: {@code getItems(source)} → a list of items;
 * the splitter → training and validation indices ({@link Splitters#random random(0.2, 42)} unless
 * set); the labeller on every item → the labels, the target block set up on the training labels
 * (a category vocabulary) and encoding them; the input block on every item → one array per item,
 * then the item transforms in order. Every item's array must then have the same shape (the first
 * that does not is an error naming it); they are stacked into in-memory {@link TensorDataset}s.
 * Item transforms thus run once, while building (resizing, normalising); per-epoch random
 * augmentation belongs in a batch transform, which the {@link DataLoader}s run on a background
 * thread on each batch, training and validation alike.
 *
 * <p>A block is a mutable builder (each setter returns it); building does not change it.
 *
 * @param <I> the item type: a file, a table row, anything the blocks and labeller understand
 * @param <Y> the label type the target block reads
 */
public final class DataBlock<I, Y> {
    /** Lists the items of a source, e.g. {@link ImageFolder#imageFiles}. */
    @FunctionalInterface
    public interface ItemGetter<I> {
        List<I> items(Path source) throws IOException;
    }

    private final InputBlock<? super I> input;
    private final TargetBlock<Y> target;
    private ItemGetter<? extends I> getItems;
    private Splitter<? super I> splitter = Splitters.random(0.2, 42);
    private Function<? super I, ? extends Y> labeller;
    private final List<UnaryOperator<NDArray>> itemTransforms = new ArrayList<>();
    private final List<UnaryOperator<TensorDataset.Batch>> batchTransforms = new ArrayList<>();

    private DataBlock(InputBlock<? super I> input, TargetBlock<Y> target) {
        this.input = Objects.requireNonNull(input, "input block");
        this.target = Objects.requireNonNull(target, "target block");
    }

    /** A data block with these input and target blocks. */
    public static <I, Y> DataBlock<I, Y> of(InputBlock<I> input, TargetBlock<Y> target) {
        return new DataBlock<>(input, target);
    }

    /** How the items are listed from the source given to {@link #datasets(Path)}. */
    public DataBlock<I, Y> getItems(ItemGetter<? extends I> getItems) {
        this.getItems = Objects.requireNonNull(getItems);
        return this;
    }

    /** How the items are divided into training and validation items. */
    public DataBlock<I, Y> splitter(Splitter<? super I> splitter) {
        this.splitter = Objects.requireNonNull(splitter);
        return this;
    }

    /** The label of an item, which the target block encodes (fastai's {@code get_y}). */
    public DataBlock<I, Y> labeller(Function<? super I, ? extends Y> labeller) {
        this.labeller = Objects.requireNonNull(labeller);
        return this;
    }

    /** Adds a transform of each item's input array, run once while building, after those added before. */
    public DataBlock<I, Y> itemTransform(UnaryOperator<NDArray> transform) {
        itemTransforms.add(Objects.requireNonNull(transform));
        return this;
    }

    /** Adds a transform of each batch, run by the loaders on their background thread, after those added before. */
    public DataBlock<I, Y> batchTransform(UnaryOperator<TensorDataset.Batch> transform) {
        batchTransforms.add(Objects.requireNonNull(transform));
        return this;
    }

    /** The input block. */
    public InputBlock<? super I> input() {
        return input;
    }

    /** The target block; its {@link TargetBlock#defaultLoss()} and {@link TargetBlock#defaultMetrics()} suit the data. */
    public TargetBlock<Y> target() {
        return target;
    }

    /** Lists the items of {@code source} with {@link #getItems} and builds the datasets. */
    public Datasets datasets(Path source) throws IOException {
        if (getItems == null) throw new IllegalStateException("DataBlock: no getItems set; set one, or pass the items themselves");
        return datasets(List.copyOf(getItems.items(source)));
    }

    /** Builds the training and validation datasets of {@code items}. */
    public Datasets datasets(List<? extends I> items) throws IOException {
        if (labeller == null) throw new IllegalStateException("DataBlock: no labeller set");
        if (items.isEmpty()) throw new IllegalArgumentException("DataBlock: no items");
        Splitter.Indices split = splitter.split(items);
        checkSplit(split, items.size());
        if (split.train().length == 0) throw new IllegalArgumentException("DataBlock: the splitter left no training items");
        List<Y> trainLabels = labels(items, split.train()), validLabels = labels(items, split.valid());
        TargetBlock.Encoding<Y> encoding = target.setup(trainLabels);
        NDArray yTrain = encode(encoding, trainLabels, "training"), yValid = encode(encoding, validLabels, "validation");
        int[] shape = null;
        NDArray xTrain = null, xValid = null;
        for (int part = 0; part < 2; part++) {
            int[] idx = part == 0 ? split.train() : split.valid();
            float[] data = null;
            int per = 0;
            for (int k = 0; k < idx.length; k++) {
                I item = items.get(idx[k]);
                NDArray x = input.encode(item);
                for (UnaryOperator<NDArray> t : itemTransforms) x = t.apply(x);
                if (shape == null) shape = x.shape();
                else if (!Arrays.equals(shape, x.shape()))
                    throw new IllegalArgumentException("DataBlock: item " + idx[k] + " (" + item + ") has input shape " + Shapes.format(x.shape())
                            + ", the first item " + Shapes.format(shape) + "; every item needs the same shape (resize in the block or an item transform)");
                if (data == null) {
                    per = Shapes.numel(shape);
                    data = new float[idx.length * per];
                }
                float[] values = x.contiguous().toFloatArray();
                System.arraycopy(values, 0, data, k * per, per);
            }
            int[] full = new int[(shape == null ? 0 : shape.length) + 1];
            full[0] = idx.length;
            if (shape != null) System.arraycopy(shape, 0, full, 1, shape.length);
            NDArray x = HostArrays.f32(data == null ? new float[0] : data, full);
            if (part == 0) xTrain = x;
            else xValid = x;
        }
        if (xValid.rank() != xTrain.rank()) { // no validation items: give them the training items' shape
            int[] s = xTrain.shape().clone();
            s[0] = 0;
            xValid = HostArrays.f32(new float[0], s);
        }
        return new Datasets(new TensorDataset(xTrain, yTrain), new TensorDataset(xValid, yValid), encoding.vocab(), target,
                List.copyOf(batchTransforms));
    }

    /** {@link #datasets(Path)}, then {@link Datasets#dataloaders}. */
    public DataLoaders dataloaders(Path source, int batchSize, long seed) throws IOException {
        return datasets(source).dataloaders(batchSize, seed);
    }

    /** {@link #datasets(List)}, then {@link Datasets#dataloaders}. */
    public DataLoaders dataloaders(List<? extends I> items, int batchSize, long seed) throws IOException {
        return datasets(items).dataloaders(batchSize, seed);
    }

    private List<Y> labels(List<? extends I> items, int[] idx) {
        List<Y> out = new ArrayList<>(idx.length);
        for (int i : idx) out.add(labeller.apply(items.get(i)));
        return out;
    }

    private static <Y> NDArray encode(TargetBlock.Encoding<Y> encoding, List<Y> labels, String part) {
        try {
            return encoding.encode(labels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DataBlock, " + part + " labels: " + e.getMessage(), e);
        }
    }

    private static void checkSplit(Splitter.Indices split, int n) {
        boolean[] seen = new boolean[n];
        for (int[] part : new int[][] {split.train(), split.valid()})
            for (int i : part) {
                if (i < 0 || i >= n) throw new IllegalArgumentException("DataBlock: the splitter gave item index " + i + ", but there are " + n + " items");
                if (seen[i]) throw new IllegalArgumentException("DataBlock: the splitter put item " + i + " in a set twice");
                seen[i] = true;
            }
    }

    /**
     * The built training and validation data.
     *
     * @param train           the training items: inputs (N, ...) float32 and targets
     * @param valid           the validation items
     * @param vocab           the class names by target index (empty unless the targets are classes)
     * @param target          the target block, for its default loss and metrics
     * @param batchTransforms run on each batch by the loaders
     */
    public record Datasets(TensorDataset train, TensorDataset valid, List<String> vocab, TargetBlock<?> target,
                           List<UnaryOperator<TensorDataset.Batch>> batchTransforms) {
        /**
         * Loaders of these sets: training batches shuffled in a new order each epoch from
         * {@code seed}, the last short one dropped; validation batches in order, all kept; the
         * batch transforms applied on the loaders' background threads.
         */
        public DataLoaders dataloaders(int batchSize, long seed) {
            return dataloaders(batchSize, seed, true);
        }

        /** {@link #dataloaders(int, long)}, choosing whether a last short training batch is dropped. */
        public DataLoaders dataloaders(int batchSize, long seed, boolean dropLast) {
            UnaryOperator<TensorDataset.Batch> transform = batchTransforms.isEmpty() ? null : b -> {
                for (UnaryOperator<TensorDataset.Batch> t : batchTransforms) b = t.apply(b);
                return b;
            };
            return new DataLoaders(new DataLoader(train, batchSize, true, dropLast, seed, transform),
                    new DataLoader(valid, batchSize, false, false, seed, transform));
        }

        /**
         * A seeded random subset, {@code trainItems} training and {@code validItems} validation
         * items, for trying ideas on small data first.
         */
        public Datasets subset(int trainItems, int validItems, long seed) {
            return new Datasets(train.subset(trainItems, seed), valid.subset(validItems, seed + 1), vocab, target, batchTransforms);
        }

        /** The target block's default loss. */
        public LossFunction defaultLoss() {
            return target.defaultLoss();
        }

        /** The target block's default metrics (fresh instances). */
        public List<Metric> defaultMetrics() {
            return target.defaultMetrics();
        }
    }
}
