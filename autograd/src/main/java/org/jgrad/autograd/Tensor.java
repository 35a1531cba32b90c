package org.jgrad.autograd;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * The differentiable array: an {@link NDArray} plus what reverse-mode differentiation needs — whether
 * it requires a gradient, the {@link Node} that produced it, and its accumulated gradient.
 *
 * <p>Leaves are made by the user ({@link #param}, {@link #of}); every op on tensors returns a new
 * tensor and, when recording is on ({@link GradMode}) and some input requires grad, records a node.
 * {@link #backward()} then fills {@link #grad()} of every leaf that requires grad; gradients
 * accumulate across calls until {@link #zeroGrad()}.
 *
 * <p>Ops are grouped by family, each family's forward and backward side by side in one class:
 * {@link ElementwiseOps}, {@link ActivationOps}, {@link ReductionOps}, {@link ViewOps}, {@link JoinOps},
 * {@link LinearOps}, {@link ConvOps}, {@link IndexOps}, {@link CastOps}. Inside an {@link Autocast} scope
 * the ops choose their compute dtype by its policy.
 */
public final class Tensor {
    private NDArray data;
    private boolean requiresGrad;
    private final Node gradFn;
    private NDArray grad;

    Tensor(NDArray data, boolean requiresGrad, Node gradFn) {
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.gradFn = gradFn;
    }

    /** A leaf that does not require grad (a constant, e.g. the input batch). */
    public static Tensor of(NDArray data) {
        return new Tensor(data, false, null);
    }

    /** A leaf that requires grad when {@code requiresGrad}; only floating dtypes can. */
    public static Tensor of(NDArray data, boolean requiresGrad) {
        if (requiresGrad && !data.dtype().isFloating())
            throw new IllegalArgumentException("requiresGrad: only floating tensors can require grad, got " + data.dtype());
        return new Tensor(data, requiresGrad, null);
    }

    /** A leaf that requires grad: a parameter. */
    public static Tensor param(NDArray data) {
        return of(data, true);
    }

    /**
     * The result of an op: records {@code backward} (and version-checks {@code saved}) when grad
     * mode is on and some input requires grad; otherwise a plain constant.
     */
    static Tensor record(String op, NDArray result, Tensor[] inputs, Backward backward, NDArray... saved) {
        return record(op, result, inputs, backward, null, saved);
    }

    /**
     * As {@link #record(String, NDArray, Tensor[], Backward, NDArray...)} for a twice-differentiable
     * op: {@code twice} is the same chain rule in tensor ops, run by {@link Autograd#grad} with
     * {@code createGraph}; null where the op has none.
     */
    static Tensor record(String op, NDArray result, Tensor[] inputs, Backward backward, TensorBackward twice, NDArray... saved) {
        AnomalyMode.checkForward(op, result, inputs);
        if (GradMode.isEnabled()) {
            for (Tensor input : inputs) {
                if (input.requiresGrad) return new Tensor(result, true, new Node(op, inputs, backward, twice, saved));
            }
        }
        return new Tensor(result, false, null);
    }

    // ================================================================ state

    /** The values. Writing into them (e.g. {@link NDArray#assign}) bypasses autograd. */
    public NDArray data() { return data; }
    public boolean requiresGrad() { return requiresGrad; }
    /** The node that produced this tensor; null for leaves and constants. */
    public Node gradFn() { return gradFn; }
    public boolean isLeaf() { return gradFn == null; }
    /** The accumulated gradient dL/d(this), or null before any backward (or after {@link #zeroGrad()}). */
    public NDArray grad() { return grad; }
    public int[] shape() { return data.shape(); }
    public int shape(int axis) { return data.shape(axis); }
    public int rank() { return data.rank(); }
    public int numel() { return data.numel(); }
    public DType dtype() { return data.dtype(); }
    public Device device() { return data.device(); }
    /** The single value of a one-element tensor. */
    public double item() { return data.item(); }

    /** The same values, cut from the graph: a constant. */
    public Tensor detach() {
        return new Tensor(data, false, null);
    }

    /**
     * Replaces the values of a leaf (e.g. when a model moves to another device or loads weights),
     * keeping its identity, so modules and optimizers that hold it see the new values. The
     * gradient is dropped. Not allowed on results of ops, whose values the graph depends on.
     */
    public void setData(NDArray newData) {
        if (gradFn != null) throw new IllegalStateException("setData: only leaves can have their values replaced, not the result of '" + gradFn.name() + "'");
        if (requiresGrad && !newData.dtype().isFloating())
            throw new IllegalArgumentException("setData: a tensor that requires grad needs floating values, got " + newData.dtype());
        data = newData;
        grad = null;
    }

    /**
     * Turns gradient tracking of a leaf on or off (freezing a parameter): ops recorded afterwards
     * compute no gradient for it, and its gradient is dropped when turned off.
     */
    public void setRequiresGrad(boolean on) {
        if (gradFn != null) throw new IllegalStateException("setRequiresGrad: only leaves can change it, not the result of '" + gradFn.name() + "'");
        if (on && !data.dtype().isFloating())
            throw new IllegalArgumentException("setRequiresGrad: only floating tensors can require grad, got " + data.dtype());
        requiresGrad = on;
        if (!on) grad = null;
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** Replaces the gradient (e.g. by an optimizer or a gradient scaler); null clears it. */
    public void setGrad(NDArray newGrad) {
        if (newGrad != null && !java.util.Arrays.equals(newGrad.shape(), data.shape()))
            throw new IllegalArgumentException("setGrad: gradient shape " + Shapes.format(newGrad.shape()) + " differs from tensor shape " + Shapes.format(data.shape()));
        grad = newGrad;
    }

    void accumulateGrad(NDArray g) {
        grad = grad == null ? g.to(data.dtype()).copy() : grad.add(g);
    }

    // ================================================================ backward

    /** dL/d(leaves) for this one-element tensor L; frees the graph. */
    public void backward() {
        if (data.numel() != 1)
            throw new IllegalArgumentException("backward: a gradient can be created implicitly only for a one-element tensor, got shape "
                    + Shapes.format(data.shape()) + "; pass the gradient explicitly");
        backward(NDArray.ones(data.dtype(), data.shape()).to(data.device()), false);
    }

    /** Vector-Jacobian product: backpropagates {@code gradient} (the shape of this tensor); frees the graph. */
    public void backward(NDArray gradient) {
        backward(gradient, false);
    }

    /** As {@link #backward(NDArray)}; with {@code retainGraph} the graph can be walked again. */
    public void backward(NDArray gradient, boolean retainGraph) {
        Engine.backward(this, gradient, retainGraph);
    }

    /** The graph that produced this tensor, in Graphviz DOT. */
    public String toDot() {
        return GraphDot.of(this);
    }

    @Override
    public String toString() {
        String s = data.toString();
        String extra = gradFn != null ? ", grad_fn=" + gradFn.name() : requiresGrad ? ", requires_grad=true" : "";
        return s.substring(0, s.length() - 1) + extra + ")";
    }

    // ================================================================ elementwise (ElementwiseOps)

    public Tensor neg() { return ElementwiseOps.neg(this); }
    public Tensor abs() { return ElementwiseOps.abs(this); }
    public Tensor exp() { return ElementwiseOps.exp(this); }
    public Tensor log() { return ElementwiseOps.log(this); }
    public Tensor sqrt() { return ElementwiseOps.sqrt(this); }
    public Tensor rsqrt() { return ElementwiseOps.rsqrt(this); }
    public Tensor sin() { return ElementwiseOps.sin(this); }
    public Tensor cos() { return ElementwiseOps.cos(this); }
    public Tensor tanh() { return ElementwiseOps.tanh(this); }
    public Tensor sigmoid() { return ElementwiseOps.sigmoid(this); }
    public Tensor relu() { return ElementwiseOps.relu(this); }
    public Tensor gelu() { return ElementwiseOps.gelu(this); }
    public Tensor silu() { return ElementwiseOps.silu(this); }
    public Tensor reciprocal() { return ElementwiseOps.reciprocal(this); }
    public Tensor add(Tensor other) { return ElementwiseOps.add(this, other); }
    public Tensor sub(Tensor other) { return ElementwiseOps.sub(this, other); }
    public Tensor mul(Tensor other) { return ElementwiseOps.mul(this, other); }
    public Tensor div(Tensor other) { return ElementwiseOps.div(this, other); }
    public Tensor pow(Tensor exponent) { return ElementwiseOps.pow(this, exponent); }
    public Tensor maximum(Tensor other) { return ElementwiseOps.maximum(this, other); }
    public Tensor minimum(Tensor other) { return ElementwiseOps.minimum(this, other); }
    public Tensor add(double v) { return ElementwiseOps.add(this, constant(v)); }
    public Tensor sub(double v) { return ElementwiseOps.sub(this, constant(v)); }
    public Tensor mul(double v) { return ElementwiseOps.mul(this, constant(v)); }
    public Tensor div(double v) { return ElementwiseOps.div(this, constant(v)); }
    /** x^p for a constant exponent. */
    public Tensor pow(double p) { return ElementwiseOps.powScalar(this, p); }
    /** Limits values to [min, max]; the gradient passes where min ≤ x ≤ max. */
    public Tensor clamp(double min, double max) { return ElementwiseOps.clamp(this, min, max); }
    /** max(x, min); the gradient passes where x ≥ min. */
    public Tensor clampMin(double min) { return ActivationOps.clampMin(this, min); }
    /** min(x, max); the gradient passes where x ≤ max. */
    public Tensor clampMax(double max) { return ActivationOps.clampMax(this, max); }

    // ================================================================ activations (ActivationOps; the rule at the kinks is there)

    /** ln(1 + x), accurate for small x. */
    public Tensor log1p() { return ActivationOps.log1p(this); }
    /** eˣ - 1, accurate for small x. */
    public Tensor expm1() { return ActivationOps.expm1(this); }
    /** x for x &gt; 0, negativeSlope·x otherwise; the gradient at 0 is the negative slope. */
    public Tensor leakyRelu(double negativeSlope) { return ActivationOps.leakyRelu(this, negativeSlope); }
    /** x for x &gt; 0, α(eˣ - 1) otherwise. */
    public Tensor elu(double alpha) { return ActivationOps.elu(this, alpha); }
    /** clamp(x, min, max) with a gradient only strictly inside (min, max). */
    public Tensor hardtanh(double min, double max) { return ActivationOps.hardtanh(this, min, max); }
    /** ln(1 + e^(βx)) / β, and x where βx &gt; threshold. */
    public Tensor softplus(double beta, double threshold) { return ActivationOps.softplus(this, beta, threshold); }
    /** softplus with PyTorch's defaults β = 1, threshold = 20. */
    public Tensor softplus() { return ActivationOps.softplus(this, 1, 20); }
    /** x · tanh(softplus(x)). */
    public Tensor mish() { return ActivationOps.mish(this); }
    /** GELU's tanh approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))), PyTorch's {@code gelu(approximate="tanh")}. */
    public Tensor geluTanh() { return ActivationOps.geluTanh(this); }

    /** cond ? a : b, with gradients flowing to the chosen side. */
    public static Tensor where(NDArray cond, Tensor a, Tensor b) { return ElementwiseOps.where(cond, a, b); }

    // ================================================================ casting (CastOps)

    /**
     * These values converted to {@code dtype} (rounded to nearest even when narrowing); the
     * gradient is converted back to this tensor's dtype. To a non-floating dtype: a constant.
     */
    public Tensor to(DType dtype) { return CastOps.to(this, dtype); }

    /** A rank-0 constant of this tensor's dtype and device. */
    Tensor constant(double v) {
        return of(NDArray.scalar(v, data.dtype()).to(data.device()));
    }

    // ================================================================ reductions and softmax (ReductionOps)

    /** ReductionOps' "all axes"; an explicit empty axis list is refused instead. */
    private static final int[] ALL_AXES = null;

    /** Sum of all elements (rank 0). */
    public Tensor sum() { return ReductionOps.sum(this, ALL_AXES, false); }
    /** Sum of all elements; {@code keepDim} keeps every axis with size 1 (PyTorch's {@code sum(dim=None, keepdim=True)}). */
    public Tensor sum(boolean keepDim) { return ReductionOps.sum(this, ALL_AXES, keepDim); }
    /** Sum over one axis, which is removed. */
    public Tensor sum(int axis) { return ReductionOps.sum(this, new int[] {axis}, false); }
    /** Sum over {@code axes} (not empty: {@link #sum()} sums all); {@code keepDim} keeps them with size 1. */
    public Tensor sum(int[] axes, boolean keepDim) { return ReductionOps.sum(this, axes, keepDim); }
    /** Mean of all elements (rank 0). */
    public Tensor mean() { return ReductionOps.mean(this, ALL_AXES, false); }
    /** Mean of all elements; {@code keepDim} keeps every axis with size 1. */
    public Tensor mean(boolean keepDim) { return ReductionOps.mean(this, ALL_AXES, keepDim); }
    /** Mean over one axis, which is removed. */
    public Tensor mean(int axis) { return ReductionOps.mean(this, new int[] {axis}, false); }
    /** Mean over {@code axes} (not empty: {@link #mean()} averages all); {@code keepDim} keeps them with size 1. */
    public Tensor mean(int[] axes, boolean keepDim) { return ReductionOps.mean(this, axes, keepDim); }
    /** Maximum of all elements; on ties the gradient is shared evenly. */
    public Tensor max() { return ReductionOps.max(this, ALL_AXES, false); }
    /** Maximum of all elements; {@code keepDim} keeps every axis with size 1. */
    public Tensor max(boolean keepDim) { return ReductionOps.max(this, ALL_AXES, keepDim); }
    /** Maximum over {@code axes} (PyTorch's amax); on ties the gradient is shared evenly. */
    public Tensor max(int[] axes, boolean keepDim) { return ReductionOps.max(this, axes, keepDim); }
    /** Minimum of all elements; on ties the gradient is shared evenly. */
    public Tensor min() { return ReductionOps.min(this, ALL_AXES, false); }
    /** Minimum of all elements; {@code keepDim} keeps every axis with size 1. */
    public Tensor min(boolean keepDim) { return ReductionOps.min(this, ALL_AXES, keepDim); }
    /** Minimum over {@code axes} (PyTorch's amin); on ties the gradient is shared evenly. */
    public Tensor min(int[] axes, boolean keepDim) { return ReductionOps.min(this, axes, keepDim); }
    /**
     * The maximum along {@code axis} and its index, as PyTorch's {@code torch.max(x, dim, keepdim)};
     * the gradient goes to the element at the index (the first of any ties), unlike {@link #max(int[], boolean)}.
     */
    public ValuesAndIndices maxAlong(int axis, boolean keepDim) { return ReductionOps.maxAlong(this, axis, keepDim); }
    /** The minimum along {@code axis} and its index, as PyTorch's {@code torch.min(x, dim, keepdim)}. */
    public ValuesAndIndices minAlong(int axis, boolean keepDim) { return ReductionOps.minAlong(this, axis, keepDim); }
    /** Variance Σ(x - mean)² / (n - correction) over {@code axes}; correction 1 is the unbiased estimate. */
    public Tensor var(int[] axes, int correction, boolean keepDim) { return ReductionOps.var(this, axes, correction, keepDim); }
    /** Variance of all elements. */
    public Tensor var(int correction, boolean keepDim) { return ReductionOps.var(this, ALL_AXES, correction, keepDim); }
    /** Standard deviation √var over {@code axes}. */
    public Tensor std(int[] axes, int correction, boolean keepDim) { return ReductionOps.std(this, axes, correction, keepDim); }
    /** Standard deviation of all elements. */
    public Tensor std(int correction, boolean keepDim) { return ReductionOps.std(this, ALL_AXES, correction, keepDim); }
    /** log Σ exp(x) over {@code axes}, computed stably. */
    public Tensor logsumexp(int[] axes, boolean keepDim) { return ReductionOps.logsumexp(this, axes, keepDim); }
    /** log Σ exp(x) of all elements. */
    public Tensor logsumexp(boolean keepDim) { return ReductionOps.logsumexp(this, ALL_AXES, keepDim); }
    /** exp(x) / Σ exp(x) along {@code axis}. */
    public Tensor softmax(int axis) { return ReductionOps.softmax(this, axis); }
    /** x - logsumexp(x) along {@code axis}. */
    public Tensor logSoftmax(int axis) { return ReductionOps.logSoftmax(this, axis); }

    // ================================================================ views (ViewOps)

    /** A view with a new shape of the same size; one size may be -1 (inferred). */
    public Tensor reshape(int... shape) { return ViewOps.reshape(this, shape); }
    /** Reorders the axes: axis k of the result is axis {@code order[k]} of this tensor. */
    public Tensor permute(int... order) { return ViewOps.permute(this, order); }
    /** Swaps two axes. */
    public Tensor transpose(int axisA, int axisB) { return ViewOps.transpose(this, axisA, axisB); }
    /** The transpose of a matrix (the last two axes swapped). */
    public Tensor mT() { return ViewOps.mT(this); }
    /** Elements {@code [start, start + length)} along an axis. */
    public Tensor narrow(int axis, int start, int length) { return ViewOps.narrow(this, axis, start, length); }
    /** Elements {@code start, start+step, ...} below {@code end} along an axis, Python-style. */
    public Tensor slice(int axis, int start, int end, int step) { return ViewOps.slice(this, axis, start, end, step); }
    /** The sub-tensor at {@code index} along an axis, with that axis removed. */
    public Tensor select(int axis, int index) { return ViewOps.select(this, axis, index); }
    /** Broadcasts size-1 axes to {@code shape}; -1 keeps a size; new leading axes may be added. */
    public Tensor expand(int... shape) { return ViewOps.expand(this, shape); }
    /** Removes every size-1 axis. */
    public Tensor squeeze() { return ViewOps.squeeze(this); }
    /** Removes an axis if its size is 1 (otherwise returns this tensor). */
    public Tensor squeeze(int axis) { return ViewOps.squeeze(this, axis); }
    /** Inserts a size-1 axis at position {@code axis} of the result (-1 appends). */
    public Tensor unsqueeze(int axis) { return ViewOps.unsqueeze(this, axis); }
    /** Everything as one axis. */
    public Tensor flatten() { return ViewOps.flatten(this); }
    /** Axes {@code start..end} (inclusive) merged into one. */
    public Tensor flatten(int startAxis, int endAxis) { return ViewOps.flatten(this, startAxis, endAxis); }
    /** This tensor if it is contiguous, else a contiguous copy. */
    public Tensor contiguous() { return ViewOps.contiguous(this); }

    // ================================================================ joining (JoinOps)

    /** Tensors of equal shape except along {@code axis}, joined along it. */
    public static Tensor cat(int axis, Tensor... ts) { return JoinOps.cat(axis, ts); }
    /** Tensors of one shape joined along a new axis. */
    public static Tensor stack(int axis, Tensor... ts) { return JoinOps.stack(axis, ts); }
    /** Consecutive pieces of the given sizes along {@code axis} (views); the sizes must add up to the axis. */
    public Tensor[] split(int axis, int... sizes) { return JoinOps.split(this, axis, sizes); }
    /** {@code chunks} pieces of (nearly) equal size along {@code axis}, as PyTorch's {@code torch.chunk(x, chunks, dim)}; the axis first, as in cat and split. */
    public Tensor[] chunkAlong(int axis, int chunks) { return JoinOps.chunk(this, chunks, axis); }
    /**
     * As {@link #chunkAlong}, in PyTorch's argument order.
     *
     * @deprecated two ints, the axis last here and first in cat and split, are easy to swap; use {@link #chunkAlong(int, int)}.
     */
    @Deprecated
    public Tensor[] chunk(int chunks, int axis) { return chunkAlong(axis, chunks); }
    /**
     * Constant padding, PyTorch's order: {@code (left, right)} of the last axis, then
     * {@code (top, bottom)} of the one before, ...; negative amounts crop.
     */
    public Tensor pad(int[] padding, double value) { return JoinOps.pad(this, padding, value); }

    // ================================================================ matmul (LinearOps)

    /**
     * Matrix product with NumPy's rules: a 1-D operand is promoted to a matrix and the added axis
     * removed from the result; leading batch axes broadcast. dA = G·Bᵀ, dB = Aᵀ·G.
     */
    public Tensor matmul(Tensor other) { return LinearOps.matmul(this, other); }

    // ================================================================ convolution and pooling (ConvOps)

    /**
     * 2-D convolution of this (N, Cin, H, W) with {@code weight} (Cout, Cin/groups, kH, kW), plus
     * {@code bias} (Cout) on each output channel when not null.
     */
    public Tensor conv2d(Tensor weight, Tensor bias, org.jgrad.tensor.Conv2dParams params) { return ConvOps.conv2d(this, weight, bias, params); }
    /**
     * 2-D transposed convolution of this (N, Cin, H, W) with {@code weight} (Cin, Cout/groups, kH, kW),
     * plus {@code bias} (Cout) when not null: the adjoint of {@link #conv2d} with the same
     * parameters. Output size (in - 1)·stride - 2·padding + dilation·(k - 1) + outputPadding + 1,
     * with the output padding from {@code params} ({@code Conv2dParams.DEFAULT.stride(2).outputPadding(1)}),
     * 0 ≤ outputPadding &lt; max(stride, dilation).
     */
    public Tensor convTranspose2d(Tensor weight, Tensor bias, org.jgrad.tensor.Conv2dParams params) {
        return ConvOps.convTranspose2d(this, weight, bias, params);
    }
    /**
     * As {@link #convTranspose2d(Tensor, Tensor, org.jgrad.tensor.Conv2dParams)} with the output padding given apart.
     *
     * @deprecated the output padding belongs in the params: {@code params.outputPadding(h, w)}.
     */
    @Deprecated
    public Tensor convTranspose2d(Tensor weight, Tensor bias, org.jgrad.tensor.Conv2dParams params, int outputPadH, int outputPadW) {
        return ConvOps.convTranspose2d(this, weight, bias, params.outputPadding(outputPadH, outputPadW));
    }
    /** 2-D max pooling of (N, C, H, W); the gradient goes to each window's maximum. */
    public Tensor maxPool2d(org.jgrad.tensor.Pool2dParams params) { return ConvOps.maxPool2d(this, params); }
    /** 2-D max pooling and the int64 in-plane index (ih·W + iw) of each maximum, PyTorch's {@code return_indices=True}. */
    public ValuesAndIndices maxPool2dWithIndices(org.jgrad.tensor.Pool2dParams params) { return ConvOps.maxPool2dWithIndices(this, params); }
    /** 2-D average pooling of (N, C, H, W). */
    public Tensor avgPool2d(org.jgrad.tensor.Pool2dParams params) { return ConvOps.avgPool2d(this, params); }

    // ================================================================ indexing (IndexOps)

    /** y[p] = this[p with coordinate {@code axis} replaced by index[p]]; the result has the index's shape. */
    public Tensor gather(int axis, NDArray index) { return IndexOps.gather(this, axis, index); }
    /** The entries of the 1-D int {@code index} taken along {@code axis} (repeats allowed). */
    public Tensor indexSelect(int axis, NDArray index) { return IndexOps.indexSelect(this, axis, index); }
    /** A copy of this tensor with {@code src} added at {@code index} along {@code axis}; differentiable in both. */
    public Tensor scatterAdd(int axis, NDArray index, Tensor src) { return IndexOps.scatterAdd(this, axis, index, src); }
}
