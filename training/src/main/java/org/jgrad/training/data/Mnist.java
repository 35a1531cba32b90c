package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads MNIST or Fashion-MNIST for training code: one split as {@link LabeledImages}, fetching the
 * data set into the cache first if needed (progress on standard error).
 *
 * <pre>{@code
 * LabeledImages train = Mnist.load(Dataset.MNIST, Split.TRAIN);
 * NDArray x = train.images(batchIndices);   // float32 (B, 1, 28, 28) in [0, 1]
 * NDArray y = train.labels(batchIndices);   // int64 (B)
 * }</pre>
 */
public final class Mnist {
    private Mnist() {}

    /** {@code split} of {@code dataset} from the standard cache ({@link DatasetCache#defaultRoot()}). */
    public static LabeledImages load(Dataset dataset, Split split) throws IOException {
        return load(DatasetCache.standard(System.err::println), dataset, split);
    }

    /** {@code split} of {@code dataset} from {@code cache}, fetched first if missing. */
    public static LabeledImages load(DatasetCache cache, Dataset dataset, Split split) throws IOException {
        Path folder = cache.ensure(dataset);
        return IdxReader.read(folder.resolve(dataset.imagesFile(split).name()), folder.resolve(dataset.labelsFile(split).name()));
    }
}
