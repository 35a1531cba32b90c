package org.jgrad.training.reliability;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.CategoryBlock;
import org.jgrad.training.data.DataBlock;
import org.jgrad.training.data.DataLoader;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.Splitter;
import org.jgrad.training.data.Splitters;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.data.VectorBlock;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.Sgd;

/** Misuse of datasets, loaders, data blocks, optimizers and the learner. */
class DataBadInputTest extends BadInputSuite {
    static TensorDataset data(int n, int features, long classes) {
        return new TensorDataset(NDArray.zeros(DType.FLOAT32, n, features), NDArray.randint(0, classes, new Generator(1), n));
    }

    /** A data block over the integers 0..n-1: one feature (the item itself), the label "even" or "odd". */
    static DataBlock<Integer, Object> numbers(Splitter<Object> splitter) {
        return DataBlock.of(VectorBlock.of(1, (Integer i) -> new float[] {i}), new CategoryBlock())
                .labeller(i -> i % 2 == 0 ? "even" : "odd").splitter(splitter);
    }

    static List<Integer> items(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Takes every batch of one epoch, failing if that takes longer than 20 s (a loader that hangs). */
    static void drain(DataLoader loader) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> loader.forEach(b -> {}));
    }

    static DataLoader loader(UnaryOperator<TensorDataset.Batch> transform) {
        return new DataLoader(data(10, 2, 3), 4, true, false, 0, transform);
    }

    @Override
    Stream<BadInput> cases() {
        return Stream.of(
                // datasets and loaders
                BadInput.of("dataset sizes differ", () -> new TensorDataset(NDArray.zeros(DType.FLOAT32, 5, 2), NDArray.zeros(DType.INT64, 4)),
                        "TensorDataset", "(5, 2)", "(4)"),
                BadInput.of("dataset of a scalar", () -> new TensorDataset(NDArray.scalar(1, DType.FLOAT32), NDArray.zeros(DType.INT64, 1)), "TensorDataset", "()"),
                BadInput.of("subset larger than the dataset", () -> data(5, 2, 3).subset(6, 0), "subset", "6", "5"),
                BadInput.of("subset negative", () -> data(5, 2, 3).subset(-1, 0), "subset", "-1"),
                BadInput.of("loader without a dataset", () -> new DataLoader(null, 4, true, 0), "DataLoader", "null"),
                BadInput.of("loader batch size 0", () -> new DataLoader(data(5, 2, 3), 0, true, 0), "DataLoader", "batch size", "0"),
                BadInput.of("loaders negative batch size", () -> DataLoaders.of(data(5, 2, 3), data(5, 2, 3), -8, 0), "batch size", "-8"),
                BadInput.of("loader negative epoch", () -> new DataLoader(data(5, 2, 3), 2, true, 0).setEpoch(-1), "DataLoader", "epoch", "-1"),
                BadInput.of("batch transform throws", IllegalStateException.class,
                        () -> drain(loader(b -> { throw new IllegalArgumentException("bad crop 40 for 28×28"); })),
                        "DataLoader", "batch 0", "bad crop 40 for 28×28"),
                BadInput.of("batch transform fails an assertion", IllegalStateException.class,
                        () -> drain(loader(b -> { throw new AssertionError("broken invariant"); })), "DataLoader", "batch 0", "broken invariant"),
                // data blocks
                BadInput.of("data block without labeller", IllegalStateException.class,
                        () -> DataBlock.of(VectorBlock.of(1, (Integer i) -> new float[] {i}), new CategoryBlock()).datasets(items(4)), "DataBlock", "labeller"),
                BadInput.of("data block without getItems", IllegalStateException.class,
                        () -> numbers(Splitters.random(0.2, 0)).datasets(java.nio.file.Path.of(".")), "DataBlock", "getItems"),
                BadInput.of("data block without items", () -> numbers(Splitters.random(0.2, 0)).datasets(List.of()), "DataBlock", "no items"),
                BadInput.of("splitter index out of range", () -> numbers(items -> new Splitter.Indices(new int[] {0, 1}, new int[] {7})).datasets(items(4)),
                        "DataBlock", "7", "4 items"),
                BadInput.of("splitter uses an item twice", () -> numbers(items -> new Splitter.Indices(new int[] {0, 1}, new int[] {1})).datasets(items(4)),
                        "DataBlock", "item 1", "twice"),
                BadInput.of("splitter leaves no training items", () -> numbers(items -> new Splitter.Indices(new int[0], new int[] {0})).datasets(items(2)),
                        "DataBlock", "no training items"),
                BadInput.of("random split of 100%", () -> Splitters.random(1.0, 0), "validPct", "1.0"),
                BadInput.of("random split NaN", () -> Splitters.random(Double.NaN, 0), "validPct", "NaN"),
                BadInput.of("items of different sizes", () -> DataBlock.of(VectorBlock.of(2, (Integer i) -> new float[i + 1]), new CategoryBlock())
                        .labeller(i -> "x").datasets(items(3)), "VectorBlock", "expected 2"),
                BadInput.of("vector block size 0", () -> VectorBlock.of(0, (Integer i) -> new float[0]), "VectorBlock", "0"),
                // optimizers and the learner
                BadInput.of("optimizer lr NaN", () -> Sgd.of(new Linear(2, 2).parameters(), Double.NaN), "SGD", "lr", "NaN"),
                BadInput.of("optimizer negative lr", () -> Adam.of(new Linear(2, 2).parameters(), -1e-3), "Adam", "lr", "-0.001"),
                BadInput.of("optimizer infinite weight decay", () -> new Adam(List.of(org.jgrad.training.optim.ParamGroup.of(new Linear(2, 2).parameters())),
                        1e-3, 0.9, 0.999, 1e-8, Double.NaN), "Adam", "weight_decay", "NaN"),
                BadInput.of("optimizer lr per layer group", () -> Adam.of(new Linear(2, 2).parameters(), 1e-3).setLr(1e-3, 1e-2), "Adam", "2"),
                BadInput.of("freeze beyond the layer groups", () -> Adam.of(new Linear(2, 2).parameters(), 1e-3).freezeTo(3), "freezeTo(3)", "1 layer groups"),
                BadInput.of("learner: labels beyond the model's classes", () -> learner(data(8, 2, 5), 3).fit(1, 1e-3), "CrossEntropyLoss", "out of range", "3 classes"),
                BadInput.of("learner: features the model does not take", () -> learner(data(8, 4, 3), 3).fit(1, 1e-3), "Linear", "(4, 4)", "2"));
    }

    /** A 2-feature linear classifier over {@code classes} classes, on {@code train} (also its validation set). */
    static Learner learner(TensorDataset train, int classes) {
        return new Learner(DataLoaders.of(train, train, 4, 0), new Sequential(new Linear(2, classes, true, new Generator(0))),
                new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, 1e-3), List.of());
    }
}
