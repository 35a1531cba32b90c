package org.jgrad.training.augment;

import java.util.List;
import java.util.function.UnaryOperator;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.TensorDataset;

/**
 * A transform of the images of a batch, (N, C, H, W) float32, that leaves the targets alone: the
 * batch transform a {@link org.jgrad.training.data.DataLoader} takes. Transforms chain with
 * {@link #compose}, applied left to right:
 *
 * <pre>{@code
 * Generator g = new Generator(seed);
 * BatchTransform tfm = BatchTransform.compose(new RandomAffine(10, 0.9, 1.1, 0.1, 0, g), new Normalize(mean, std));
 * new DataLoader(train, 64, true, true, seed, tfm);
 * }</pre>
 */
public interface BatchTransform extends UnaryOperator<TensorDataset.Batch> {
    /** The transformed images of {@code x}, (N, C, H, W) float32; {@code x} itself is not changed. */
    NDArray transform(NDArray x);

    @Override
    default TensorDataset.Batch apply(TensorDataset.Batch batch) {
        return new TensorDataset.Batch(transform(batch.x()), batch.y());
    }

    /** The transforms applied one after the other, the first first. */
    static BatchTransform compose(BatchTransform... transforms) {
        List<BatchTransform> all = List.of(transforms);
        return x -> {
            NDArray out = x;
            for (BatchTransform t : all) out = t.transform(out);
            return out;
        };
    }
}
