package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Module;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;

/**
 * A lookup table: for an int64 index tensor I of any shape, y[…, :] = W[I[…], :], so y has shape
 * I.shape + (dim). W is (numEmbeddings, dim), initialized N(0, 1) as in PyTorch. The gradient
 * dW[k] = Σ over the positions where I = k of G[…, :] (repeated indices add up), via
 * {@link Tensor#indexSelect}.
 */
public final class Embedding extends Module {
    private final int numEmbeddings, dim;
    private final Tensor weight;

    public Embedding(int numEmbeddings, int dim) {
        this(numEmbeddings, dim, Generator.global());
    }

    public Embedding(int numEmbeddings, int dim, Generator g) {
        if (numEmbeddings < 1 || dim < 1)
            throw new IllegalArgumentException("Embedding: sizes must be >= 1, got numEmbeddings=" + numEmbeddings + " dim=" + dim);
        this.numEmbeddings = numEmbeddings;
        this.dim = dim;
        this.weight = registerParameter("weight", NDArray.randn(g, DType.FLOAT32, numEmbeddings, dim));
    }

    /** A table holding {@code weights} (numEmbeddings, dim) as they are. */
    private Embedding(NDArray weights) {
        this.numEmbeddings = weights.shape(0);
        this.dim = weights.shape(1);
        this.weight = registerParameter("weight", weights);
    }

    /**
     * A table whose weight is a copy of {@code weights} (numEmbeddings, dim), floating, as PyTorch's
     * {@code Embedding.from_pretrained(embeddings, freeze)}: with {@code freeze} (PyTorch's
     * default) the weight does not require grad, so training leaves it as it is.
     */
    public static Embedding fromPretrained(NDArray weights, boolean freeze) {
        if (weights.rank() != 2 || weights.shape(0) < 1 || weights.shape(1) < 1)
            throw new IllegalArgumentException("Embedding.fromPretrained: expected weights (numEmbeddings, dim), got " + Shapes.format(weights.shape()));
        if (!weights.dtype().isFloating())
            throw new IllegalArgumentException("Embedding.fromPretrained: expected floating weights, got " + weights.dtype());
        Embedding e = new Embedding(weights.copy());
        if (freeze) e.weight.setRequiresGrad(false);
        return e;
    }

    /** {@link #fromPretrained(NDArray, boolean)} frozen, PyTorch's default. */
    public static Embedding fromPretrained(NDArray weights) {
        return fromPretrained(weights, true);
    }

    public Tensor weight() { return weight; }

    @Override
    public Tensor forward(Tensor indices) {
        try {
            return Functional.embedding(indices, weight);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name() + ": " + e.getMessage().substring("embedding: ".length()), e);
        }
    }

    /** The same with the indices as an array, as {@link Tensor#gather} and {@link Tensor#indexSelect} take them. */
    public Tensor forward(NDArray indices) {
        return forward(Tensor.of(indices));
    }

    private String name() {
        return "Embedding(" + extraRepr() + ")";
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + dim;
    }
}
