package org.jgrad.training.data;

import java.util.List;

/**
 * Divides the items of a {@link DataBlock} into a training and a validation set, by index into the
 * item list. Items in neither set are left out. {@link Splitters} has the usual ones.
 *
 * @param <I> the item type it looks at
 */
@FunctionalInterface
public interface Splitter<I> {
    /** The training and validation indices of {@code items}. */
    Indices split(List<? extends I> items);

    /**
     * The result of a split.
     *
     * @param train indices of the training items, increasing
     * @param valid indices of the validation items, increasing
     */
    record Indices(int[] train, int[] valid) {}
}
