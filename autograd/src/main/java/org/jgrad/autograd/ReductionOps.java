package org.jgrad.autograd;

import java.util.List;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Reductions (sum, mean, max, min, var, std, logsumexp) and softmax / log_softmax: forward and
 * backward side by side.
 *
 * <p>Here an axis list {@code axes == null} means all axes: {@link Tensor}'s all-axes overloads
 * ({@code sum()}, {@code sum(keepDim)}, ...) pass null, while an explicit empty list is refused
 * ({@link Shapes#axisMask}), so an empty list built by accident is never read as "all".
 *
 * <p>Every reduction over a set of axes R has a backward of the same
 * shape: the incoming gradient g has the reduced shape, so it is first given back the reduced axes
 * with size 1 (the keepDim shape) and then broadcast over them; what differs is the local factor
 * ∂y/∂x each element of x gets. mean, var and std are composites of recorded ops and need no
 * backward of their own. Under {@link Autocast} every op here computes in float32 (a float16
 * input is cast up first).
 */
final class ReductionOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of("sum", "max", "min", "logsumexp", "softmax", "log_softmax");

    private ReductionOps() {}

    /**
     * y = Σ_{i∈R} x_i. Every summed element contributes with weight 1, so ∂L/∂x = broadcast(g) over
     * the reduced axes. The result is a stride-0 (expanded) view of g, not a copy.
     */
    static Tensor sum(Tensor x, int[] axes, boolean keepDim) {
        x = Autocast.fullPrecision(x);
        NDArray xd = x.data();
        boolean[] mask = mask("sum", axes, xd.rank());
        int[] inShape = xd.shape();
        int[] kept = inShape.clone();
        for (int i = 0; i < kept.length; i++) if (mask[i]) kept[i] = 1;
        return Tensor.record("sum", sumOf(xd, axes, keepDim), new Tensor[] {x},
                (g, needs) -> new NDArray[] {withKeptAxes(g, inShape, mask).expand(inShape)},
                (g, needs) -> new Tensor[] {g.reshape(kept).expand(inShape)});
    }

    /** mean = sum · (1/n), n the number of elements reduced (composite: sum, mul). */
    static Tensor mean(Tensor x, int[] axes, boolean keepDim) {
        int n = reducedCount("mean", x.shape(), axes);   // first, so that a bad axis is reported as mean's
        return sum(x, axes, keepDim).mul(1.0 / n);
    }

    /**
     * y = max_{i∈R} x_i (PyTorch's amax). The derivative is 1 for the element that attains the
     * maximum and 0 for the others. When k elements tie for the maximum the function is not
     * differentiable there; as PyTorch's amax/amin do, the gradient is then split evenly:
     * ∂L/∂x_i = g · [x_i = y] / k with k = Σ_{j∈R} [x_j = y]. (NaN maxima get no gradient.)
     */
    static Tensor max(Tensor x, int[] axes, boolean keepDim) {
        x = Autocast.fullPrecision(x);
        return extremum("max", x, axes, keepDim, axes == null ? x.data().max(keepDim) : x.data().max(axes, keepDim));
    }

    /** y = min_{i∈R} x_i (PyTorch's amin); the gradient as for {@link #max}: g · [x_i = y] / k, ties share evenly. */
    static Tensor min(Tensor x, int[] axes, boolean keepDim) {
        x = Autocast.fullPrecision(x);
        return extremum("min", x, axes, keepDim, axes == null ? x.data().min(keepDim) : x.data().min(axes, keepDim));
    }

    private static Tensor extremum(String op, Tensor x, int[] axes, boolean keepDim, NDArray y) {
        NDArray xd = x.data();
        boolean[] mask = mask(op, axes, xd.rank());
        int[] inShape = xd.shape();
        return Tensor.record(op, y, new Tensor[] {x}, (g, needs) -> {
            NDArray attains = xd.eq(withKeptAxes(y, inShape, mask)).to(xd.dtype());   // [x_i = y], broadcast over R
            NDArray ties = sumOf(attains, axes, true).maximum(1);                  // k (at least 1, for NaN maxima)
            return new NDArray[] {attains.mul(withKeptAxes(g, inShape, mask).div(ties))};
        }, xd, y);
    }

    /**
     * The maximum along one axis and where it is (PyTorch's {@code torch.max(x, dim, keepdim)}):
     * indices = argmax (the first of any ties), values = gather(x, axis, indices). Unlike
     * {@link #max} (amax), the gradient goes only to the element at the returned index:
     * ∂L/∂x_i = g where i is the index, 0 elsewhere (composite: argmax, then gather, whose
     * backward scatters g to that index).
     */
    static ValuesAndIndices maxAlong(Tensor x, int axis, boolean keepDim) {
        return extremeAlong("maxAlong", x, axis, keepDim, true);
    }

    /** As {@link #maxAlong} for the minimum (PyTorch's {@code torch.min(x, dim, keepdim)}). */
    static ValuesAndIndices minAlong(Tensor x, int axis, boolean keepDim) {
        return extremeAlong("minAlong", x, axis, keepDim, false);
    }

    private static ValuesAndIndices extremeAlong(String op, Tensor x, int axis, boolean keepDim, boolean max) {
        if (x.rank() == 0) throw new IllegalArgumentException(op + ": needs an axis to reduce, got a rank-0 tensor");
        int a = Shapes.normalizeAxis(op, axis, x.rank());
        if (x.shape(a) == 0) throw new IllegalArgumentException(op + ": axis " + axis + " of shape " + Shapes.format(x.shape()) + " is empty");
        NDArray index = max ? x.data().argmax(a, true) : x.data().argmin(a, true);   // (…, 1, …)
        Tensor values = x.gather(a, index);
        return keepDim ? new ValuesAndIndices(values, index) : new ValuesAndIndices(values.squeeze(a), index.squeeze(a));
    }

    /** var = Σ (x - mean)² / (n - correction) (composite: mean, sub, mul, sum, mul). */
    static Tensor var(Tensor x, int[] axes, int correction, boolean keepDim) {
        x = Autocast.fullPrecision(x);
        int n = reducedCount("var", x.shape(), axes);
        Tensor centered = x.sub(mean(x, axes, true));
        return sum(centered.mul(centered), axes, keepDim).div(Math.max(0, n - correction));
    }

    /** std = √var (composite: var, sqrt); its gradient is infinite where var = 0. */
    static Tensor std(Tensor x, int[] axes, int correction, boolean keepDim) {
        if (axes != null) Shapes.axisMask("std", axes, x.rank());   // an empty list is reported as std's
        return var(x, axes, correction, keepDim).sqrt();
    }

    /**
     * y = log Σ_{i∈R} exp(x_i). ∂y/∂x_i = exp(x_i) / Σ exp(x_j) = exp(x_i - y), the softmax over R,
     * so ∂L/∂x = g · exp(x - y), with g and y broadcast over the reduced axes.
     */
    static Tensor logsumexp(Tensor x, int[] axes, boolean keepDim) {
        x = Autocast.fullPrecision(x);
        NDArray xd = x.data(), y = axes == null ? xd.logsumexp(keepDim) : xd.logsumexp(axes, keepDim);
        boolean[] mask = mask("logsumexp", axes, xd.rank());
        int[] inShape = xd.shape();
        return Tensor.record("logsumexp", y, new Tensor[] {x}, (g, needs) -> new NDArray[] {
            withKeptAxes(g, inShape, mask).mul(xd.sub(withKeptAxes(y, inShape, mask)).exp())}, xd, y);
    }

    /**
     * y = softmax(x) along an axis: y_i = exp(x_i) / Σ_j exp(x_j). Its Jacobian is
     * ∂y_i/∂x_j = y_i (δ_ij - y_j), so ∂L/∂x = y ⊙ (g - Σ_j g_j y_j), the sum along the axis.
     */
    static Tensor softmax(Tensor x, int axis) {
        x = Autocast.fullPrecision(x);
        NDArray y = x.data().softmax(axis);
        int[] along = alongAxis("softmax", x, axis);
        return Tensor.record("softmax", y, new Tensor[] {x}, (g, needs) -> new NDArray[] {
            y.mul(g.sub(sumOf(g.mul(y), along, true)))}, y);
    }

    /**
     * y = log_softmax(x) = x - logsumexp(x) along an axis. ∂y_i/∂x_j = δ_ij - softmax(x)_j, so
     * ∂L/∂x = g - softmax(x) · Σ_i g_i, with softmax(x) = exp(y).
     */
    static Tensor logSoftmax(Tensor x, int axis) {
        x = Autocast.fullPrecision(x);
        NDArray y = x.data().logSoftmax(axis);
        int[] along = alongAxis("log_softmax", x, axis);
        return Tensor.record("log_softmax", y, new Tensor[] {x}, (g, needs) -> new NDArray[] {
            g.sub(y.exp().mul(sumOf(g, along, true)))}, y);
    }

    // ---- shape helpers

    /**
     * {@code a}, which has the reduced shape (with or without the kept size-1 axes), reshaped to
     * the keepDim shape: the input shape with size 1 on every reduced axis, ready to broadcast.
     */
    static NDArray withKeptAxes(NDArray a, int[] inShape, boolean[] reduced) {
        int[] kept = inShape.clone();
        for (int i = 0; i < kept.length; i++) if (reduced[i]) kept[i] = 1;
        return a.reshape(kept);
    }

    /** The reduced axes: all when {@code axes} is null, else the validated (non-empty) list. */
    static boolean[] mask(String op, int[] axes, int rank) {
        return axes == null ? Shapes.allAxes(rank) : Shapes.axisMask(op, axes, rank);
    }

    /** Σ over {@code axes} (all when null). */
    static NDArray sumOf(NDArray a, int[] axes, boolean keepDim) {
        return axes == null ? a.sum(keepDim) : a.sum(axes, keepDim);
    }

    /** The number of elements a reduction over {@code axes} (all when null) combines into each output. */
    static int reducedCount(String op, int[] shape, int[] axes) {
        boolean[] mask = mask(op, axes, shape.length);
        int n = 1;
        for (int i = 0; i < shape.length; i++) if (mask[i]) n *= shape[i];
        return n;
    }

    /** The softmax axis as a one-element axis list (empty for a rank-0 input: its single element). */
    private static int[] alongAxis(String op, Tensor x, int axis) {
        if (x.rank() == 0) {
            Shapes.normalizeAxis(op, axis, 0);
            return null;   // a scalar: the (empty) set of all axes
        }
        return new int[] {Shapes.normalizeAxis(op, axis, x.rank())};
    }
}
