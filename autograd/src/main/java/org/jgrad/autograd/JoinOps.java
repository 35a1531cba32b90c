package org.jgrad.autograd;

import java.util.Arrays;
import java.util.List;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Joining (cat, stack, split, chunk, pad): forward and backward side by side. Only cat and pad
 * record a node; stack (unsqueeze + cat) and split / chunk (narrow views) are composites.
 */
final class JoinOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of("cat", "pad");

    private JoinOps() {}

    /**
     * y = [x₁; x₂; …] along an axis: xᵢ occupies the window [oᵢ, oᵢ + nᵢ) of y, oᵢ the sum of the
     * earlier sizes. The Jacobian routes each element back to its source, so
     * ∂L/∂xᵢ = narrow(g, axis, oᵢ, nᵢ), cast back to xᵢ's dtype if cat promoted it.
     */
    static Tensor cat(int axis, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("cat: needs at least one tensor");
        NDArray[] data = new NDArray[ts.length];
        for (int i = 0; i < ts.length; i++) data[i] = ts[i].data();
        NDArray y = NDArray.cat(axis, data);
        int a = Shapes.normalizeAxis("cat", axis, y.rank());
        int[] starts = new int[ts.length];
        for (int i = 1; i < ts.length; i++) starts[i] = starts[i - 1] + ts[i - 1].shape(a);
        Tensor[] inputs = ts.clone();
        return Tensor.record("cat", y, inputs, (g, needs) -> {
            NDArray[] grads = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++)
                if (needs[i]) grads[i] = g.narrow(a, starts[i], inputs[i].shape(a)).to(inputs[i].dtype());
            return grads;
        });
    }

    /** Tensors of one shape joined along a new axis (composite: unsqueeze each, then cat). */
    static Tensor stack(int axis, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        int a = Shapes.normalizeAxis("stack", axis, ts[0].rank() + 1);
        Tensor[] expanded = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (!Arrays.equals(ts[i].shape(), ts[0].shape()))
                throw new IllegalArgumentException("stack: all tensors need one shape, got " + Shapes.format(ts[0].shape())
                        + " and " + Shapes.format(ts[i].shape()));
            expanded[i] = ts[i].unsqueeze(a);
        }
        return cat(a, expanded);
    }

    /** Consecutive pieces of the given sizes along an axis (composite: narrow views, each with its own backward). */
    static Tensor[] split(Tensor x, int axis, int... sizes) {
        NDArray[] parts = x.data().split(axis, sizes); // validates the sizes
        return pieces(x, axis, parts);
    }

    /** PyTorch's chunk: pieces of ceil(n / chunks) along an axis, the last smaller (composite: narrow views). */
    static Tensor[] chunk(Tensor x, int chunks, int axis) {
        return pieces(x, axis, x.data().chunkAlong(axis, chunks));
    }

    private static Tensor[] pieces(Tensor x, int axis, NDArray[] parts) {
        int a = Shapes.normalizeAxis("split", axis, x.rank());
        Tensor[] out = new Tensor[parts.length];
        for (int i = 0, at = 0; i < parts.length; at += parts[i].shape(a), i++) out[i] = x.narrow(a, at, parts[i].shape(a));
        return out;
    }

    /**
     * Constant padding in PyTorch's order ((before, after) for the last axis, then the one before,
     * …); a negative amount crops. Per axis, x's element j lands at j + before in y when it is kept;
     * padded positions hold a constant (zero derivative) and cropped elements do not reach y (zero
     * gradient). So ∂L/∂x is g cropped where x was padded and zero-padded where x was cropped:
     * ∂L/∂x = pad(g, -padding, 0), which has exactly x's shape.
     */
    static Tensor pad(Tensor x, int[] padding, double value) {
        NDArray y = x.data().pad(padding, value);
        int[] inverse = new int[padding.length];
        for (int i = 0; i < padding.length; i++) inverse[i] = -padding[i];
        return Tensor.record("pad", y, new Tensor[] {x}, (g, needs) -> new NDArray[] {g.pad(inverse, 0)});
    }
}
