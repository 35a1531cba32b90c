package org.jgrad.training.data;

/** The training and validation loaders of one fit. */
public record DataLoaders(DataLoader train, DataLoader valid) {
    /** Shuffled training batches (last short one dropped) and ordered validation batches of the same size. */
    public static DataLoaders of(TensorDataset train, TensorDataset valid, int batchSize, long seed) {
        return new DataLoaders(new DataLoader(train, batchSize, true, true, seed, null),
                new DataLoader(valid, batchSize, false, false, seed, null));
    }

    /** Both loaders with {@code next} applied to every batch after their own transforms ({@link DataLoader#andThen}). */
    public DataLoaders andThen(java.util.function.UnaryOperator<TensorDataset.Batch> next) {
        return new DataLoaders(train.andThen(next), valid.andThen(next));
    }
}
