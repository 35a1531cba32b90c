package org.jgrad.autograd;

import java.util.List;
import org.jgrad.tensor.NDArray;

/**
 * Views (reshape, permute, transpose, narrow, slice, select, expand, squeeze, unsqueeze, flatten,
 * contiguous): forward and backward side by side.
 *
 * <p>A view moves elements without changing them, so its Jacobian is a 0/1 matrix and the
 * backward routes each element of g back to where it came from: the inverse rearrangement for the
 * bijective views (reshape, permute, squeeze, ...), zeros plus g written into the selected region
 * for the views that drop elements (narrow, slice, select), and a sum over the copies for expand.
 * No view saves an array: the backward needs only shapes.
 */
final class ViewOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of("reshape", "permute", "transpose", "narrow", "slice", "select", "expand",
            "squeeze", "unsqueeze", "contiguous");

    private ViewOps() {}

    /** Same elements in the same (row-major) order under another shape: ∂L/∂x = reshape(g, shape(x)). */
    private static Tensor regroup(String op, Tensor x, NDArray y) {
        int[] inShape = x.shape();
        return Tensor.record(op, y, new Tensor[] {x}, (g, needs) -> new NDArray[] {g.reshape(inShape)},
                (g, needs) -> new Tensor[] {g.reshape(inShape)});
    }

    /** y = x viewed as {@code shape} (one size may be -1): ∂L/∂x = reshape(g, shape(x)). */
    static Tensor reshape(Tensor x, int... shape) {
        return regroup("reshape", x, x.data().reshape(shape));
    }

    /** Axes start..end merged (composite: reshape). */
    static Tensor flatten(Tensor x, int start, int end) {
        return reshape(x, x.data().flatten(start, end).shape());
    }

    /** Everything as one axis (composite: reshape). */
    static Tensor flatten(Tensor x) {
        return reshape(x, -1);
    }

    /** Every size-1 axis removed: ∂L/∂x = reshape(g, shape(x)). */
    static Tensor squeeze(Tensor x) {
        return regroup("squeeze", x, x.data().squeeze());
    }

    /** One axis removed if it has size 1 (else x itself, no node): ∂L/∂x = reshape(g, shape(x)). */
    static Tensor squeeze(Tensor x, int axis) {
        NDArray y = x.data().squeeze(axis);
        return y.rank() == x.rank() ? x : regroup("squeeze", x, y);
    }

    /** A size-1 axis inserted: ∂L/∂x = reshape(g, shape(x)) (the size-1 axis dropped again). */
    static Tensor unsqueeze(Tensor x, int axis) {
        return regroup("unsqueeze", x, x.data().unsqueeze(axis));
    }

    /**
     * y = x with axes reordered, axis k of y being axis order[k] of x. The backward applies the
     * inverse permutation: ∂L/∂x = permute(g, inv) with inv[order[k]] = k.
     */
    static Tensor permute(Tensor x, int... order) {
        NDArray y = x.data().permute(order);
        int[] inverse = new int[order.length];
        for (int k = 0; k < order.length; k++) inverse[order[k] < 0 ? order[k] + order.length : order[k]] = k;
        return Tensor.record("permute", y, new Tensor[] {x}, (g, needs) -> new NDArray[] {g.permute(inverse)},
                (g, needs) -> new Tensor[] {g.permute(inverse)});
    }

    /** Two axes swapped; a swap is its own inverse: ∂L/∂x = transpose(g, a, b). */
    static Tensor transpose(Tensor x, int a, int b) {
        return Tensor.record("transpose", x.data().transpose(a, b), new Tensor[] {x}, (g, needs) -> new NDArray[] {g.transpose(a, b)},
                (g, needs) -> new Tensor[] {g.transpose(a, b)});
    }

    /** Matrix transpose, the last two axes swapped (composite: transpose). */
    static Tensor mT(Tensor x) {
        if (x.rank() < 2) x.data().mT(); // throws the tensor module's message
        return transpose(x, -2, -1);
    }

    /**
     * y = x[..., start : start+length, ...] along an axis. Elements outside the window do not
     * reach y, so ∂L/∂x is zero there and g inside: zeros(shape(x)) with g written into the
     * same window.
     */
    static Tensor narrow(Tensor x, int axis, int start, int length) {
        return window("narrow", x, x.data().narrow(axis, start, length), z -> z.narrow(axis, start, length));
    }

    /** y = x[..., start:end:step, ...] along an axis: ∂L/∂x = zeros(shape(x)) with g written into the same strided window. */
    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        return window("slice", x, x.data().slice(axis, start, end, step), z -> z.slice(axis, start, end, step));
    }

    /** y = x[..., index, ...] (the axis removed): ∂L/∂x = zeros(shape(x)) with g written at that index. */
    static Tensor select(Tensor x, int axis, int index) {
        return window("select", x, x.data().select(axis, index), z -> z.select(axis, index));
    }

    /** The backward of a view that picks a sub-array: g scattered into zeros through the same view. */
    private static Tensor window(String op, Tensor x, NDArray y, java.util.function.UnaryOperator<NDArray> sameView) {
        int[] inShape = x.shape();
        return Tensor.record(op, y, new Tensor[] {x}, (g, needs) -> {
            NDArray grad = NDArray.zeros(g.dtype(), g.device(), inShape);
            sameView.apply(grad).assign(g);
            return new NDArray[] {grad};
        });
    }

    /**
     * y = x broadcast to {@code shape} (size-1 axes repeated, new leading axes added; -1 keeps a
     * size). Each x element feeds all its copies, so ∂L/∂x is g summed over the copies: over the
     * new leading axes and the expanded size-1 axes ({@link Gradients#sumTo}).
     */
    static Tensor expand(Tensor x, int... shape) {
        return Tensor.record("expand", x.data().expand(shape), new Tensor[] {x}, (g, needs) -> new NDArray[] {Gradients.sumTo(g, x)},
                (g, needs) -> new Tensor[] {Gradients.sumTo(g, x)});
    }

    /** x itself if contiguous, else a contiguous copy; a copy's Jacobian is the identity: ∂L/∂x = g. */
    static Tensor contiguous(Tensor x) {
        if (x.data().isContiguous()) return x;
        return Tensor.record("contiguous", x.data().contiguous(), new Tensor[] {x}, (g, needs) -> new NDArray[] {g}, (g, needs) -> new Tensor[] {g});
    }
}
