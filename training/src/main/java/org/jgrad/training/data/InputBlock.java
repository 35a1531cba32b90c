package org.jgrad.training.data;

import java.io.IOException;
import java.util.function.Function;
import org.jgrad.tensor.NDArray;

/**
 * The input side of a {@link DataBlock}: turns one item into the model's input for it, a float32
 * array of the same shape for every item (the batch dimension is added when items are stacked).
 * {@link ImageBlock} reads image files; {@link VectorBlock} takes numbers from any item.
 *
 * @param <I> the item type it reads
 */
@FunctionalInterface
public interface InputBlock<I> {
    /** The input array of one item, e.g. float32 (C, H, W) for an image. */
    NDArray encode(I item) throws IOException;

    /** This block applied to what {@code getter} takes from another kind of item (fastai's {@code get_x}). */
    default <J> InputBlock<J> from(Function<? super J, ? extends I> getter) {
        return item -> encode(getter.apply(item));
    }
}
