package org.jgrad.training.data;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;

/**
 * An in-memory dataset: inputs x of shape (N, ...) and targets y of shape (N, ...), item i being
 * (x[i], y[i]).
 *
 * @param x inputs, (N, ...)
 * @param y targets, (N, ...)
 */
public record TensorDataset(NDArray x, NDArray y) {
    public TensorDataset {
        if (x.rank() < 1 || y.rank() < 1 || x.shape(0) != y.shape(0))
            throw new IllegalArgumentException("TensorDataset: inputs " + Shapes.format(x.shape()) + " and targets "
                    + Shapes.format(y.shape()) + " need the same first (item) dimension");
    }

    public int size() {
        return x.shape(0);
    }

    /** The items at the given int64 indices, as one batch. */
    public Batch batch(NDArray indices) {
        return new Batch(x.indexSelect(0, indices), y.indexSelect(0, indices));
    }

    /** The first {@code n} items of a seeded random permutation: a subset for trying ideas quickly. */
    public TensorDataset subset(int n, long seed) {
        if (n < 0 || n > size()) throw new IllegalArgumentException("subset: " + n + " items requested from a dataset of " + size());
        NDArray order = Permutations.random(size(), new Generator(seed), 0).narrow(0, 0, n);
        return new TensorDataset(x.indexSelect(0, order), y.indexSelect(0, order));
    }

    /** Items {@code [from, to)}, as views. */
    public TensorDataset range(int from, int to) {
        return new TensorDataset(x.narrow(0, from, to - from), y.narrow(0, from, to - from));
    }

    /** A batch: inputs and targets. */
    public record Batch(NDArray x, NDArray y) {
        public int size() {
            return x.shape(0);
        }
    }

    static NDArray arangeIndices(int from, int to) {
        return NDArray.arange(from, to, 1, DType.INT64);
    }
}
