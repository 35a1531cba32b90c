package org.jgrad.nn;

import java.util.Arrays;
import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.NormalizationOps;
import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ValuesAndIndices;
import org.jgrad.nn.losses.BceWeights;
import org.jgrad.nn.losses.Losses;
import org.jgrad.nn.losses.Reduction;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;

/**
 * The layers as stateless functions, PyTorch's {@code torch.nn.functional}: the parameters are
 * arguments, nothing is stored. Each is the one implementation of its op; the modules in
 * {@code org.jgrad.nn.layers} hold parameters and settings and call these. The losses are
 * {@link Losses}, repeated here so that one import finds everything.
 *
 * <p>The dtype rule of the modules ({@link Module}) holds here too: outside {@link Autocast}, a
 * weight of another dtype than the input is refused, naming the op and both dtypes, as PyTorch's
 * functional layers refuse it. The PyTorch-to-jgrad page ({@code docs/pytorch-to-jgrad.md}) maps
 * each PyTorch call to its form here.
 */
public final class Functional {
    private Functional() {}

    /** y = x·Wᵀ + b for x (…, in), weight (out, in), bias (out) or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || x.rank() < 1 || x.shape(-1) != weight.shape(1))
            throw new IllegalArgumentException("linear: expected input (…, in) and weight (out, in), got input " + Shapes.format(x.shape())
                    + " and weight " + Shapes.format(weight.shape()));
        if (bias != null && (bias.rank() != 1 || bias.shape(0) != weight.shape(0)))
            throw new IllegalArgumentException("linear: bias must have shape (" + weight.shape(0) + ") for weight "
                    + Shapes.format(weight.shape()) + ", got " + Shapes.format(bias.shape()));
        sameDType("linear", x, weight, bias);
        Tensor y = x.matmul(weight.mT());
        return bias == null ? y : y.add(bias);
    }

    /** 2-D convolution of x (N, Cin, H, W) with weight (Cout, Cin/groups, kH, kW) and bias (Cout) or null ({@link Tensor#conv2d}). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams params) {
        sameDType("conv2d", x, weight, bias);
        return x.conv2d(weight, bias, params);
    }

    /**
     * 2-D transposed convolution of x (N, Cin, H, W) with weight (Cin, Cout/groups, kH, kW) and bias
     * (Cout) or null; the output padding is part of {@code params} ({@link Tensor#convTranspose2d}).
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams params) {
        sameDType("conv_transpose2d", x, weight, bias);
        return x.convTranspose2d(weight, bias, params);
    }

    /**
     * y = (x − E[x]) / √(Var[x] + eps) · γ + β over the last axes given by {@code normalizedShape},
     * with the biased variance; weight γ and bias β of shape {@code normalizedShape}, or null
     * (both or neither).
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length, rank = x.rank();
        int[] shape = x.shape();
        if (k == 0 || rank < k || !Arrays.equals(Arrays.copyOfRange(shape, rank - k, rank), normalizedShape))
            throw new IllegalArgumentException("layer_norm: expected input (…, " + Shapes.format(normalizedShape).replaceAll("^\\(|\\)$", "")
                    + ") for normalizedShape " + Shapes.format(normalizedShape) + ", got " + Shapes.format(shape));
        if (!(eps > 0)) throw new IllegalArgumentException("layer_norm: eps must be > 0, got " + eps);
        for (Tensor p : new Tensor[] {weight, bias})
            if (p != null && !Arrays.equals(p.shape(), normalizedShape))
                throw new IllegalArgumentException("layer_norm: weight and bias must have shape " + Shapes.format(normalizedShape)
                        + ", got " + Shapes.format(p.shape()));
        sameDType("layer_norm", x, weight, bias);
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) axes[i] = rank - k + i;
        Tensor mean = x.mean(axes, true), var = x.var(axes, 0, true);
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) y = y.mul(weight);
        return bias == null ? y : y.add(bias);
    }

    /**
     * Batch normalization over axis 1 of x (N, C, *), PyTorch's
     * {@code F.batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps)}:
     * y = (x − μ)/√(σ² + ε)·γ + β per channel. When {@code training}, μ and σ² are the batch mean and
     * biased variance, and the running statistics, when given, are updated in place:
     * mean ← (1 − m)·mean + m·μ, var ← (1 − m)·var + m·σ²·M/(M − 1) for M values per channel; the
     * running statistics may be null (both), as PyTorch's. Otherwise μ and σ² are the running
     * statistics, which must be given. The computation and its gradient are one fused op,
     * {@link NormalizationOps#batchNorm}; the running statistics keep their own
     * dtype (the float32 buffers of a module under autocast), only γ and β follow the dtype rule.
     *
     * @param runningMean (C), or null with {@code runningVar}
     * @param runningVar  (C), the unbiased running variance, or null with {@code runningMean}
     * @param weight      γ (C) or null (as ones)
     * @param bias        β (C) or null (as zeros)
     */
    public static Tensor batchNorm(Tensor x, NDArray runningMean, NDArray runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        if (!(eps > 0)) throw new IllegalArgumentException("batch_norm: eps must be > 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("batch_norm: momentum must be in [0, 1], got " + momentum);
        sameDType("batch_norm", x, weight, bias);
        return NormalizationOps.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /**
     * Rows of {@code weight} (numEmbeddings, dim) at the int32/int64 {@code indices} (any shape S):
     * the result is (S…, dim); the gradient adds into the rows read (repeats accumulate).
     */
    public static Tensor embedding(NDArray indices, Tensor weight) {
        if (weight.rank() != 2)
            throw new IllegalArgumentException("embedding: expected weight (numEmbeddings, dim), got " + Shapes.format(weight.shape()));
        if (indices.dtype() != DType.INT64 && indices.dtype() != DType.INT32)
            throw new IllegalArgumentException("embedding: expected an int64 or int32 index tensor, got " + indices.dtype() + " "
                    + Shapes.format(indices.shape()));
        int rows = weight.shape(0);
        NDArray flat = indices.to(DType.INT64).contiguous().reshape(-1);
        if (flat.numel() > 0) {
            long lo = (long) flat.min().item(), hi = (long) flat.max().item();
            if (lo < 0 || hi >= rows)
                throw new IllegalArgumentException("embedding: index out of range: indices must be in [0, " + rows + "), got "
                        + (lo < 0 ? lo : hi) + " in an index tensor of shape " + Shapes.format(indices.shape()));
        }
        int[] shape = indices.shape(), outShape = Arrays.copyOf(shape, shape.length + 1);
        outShape[shape.length] = weight.shape(1);
        return weight.indexSelect(0, flat).reshape(outShape);
    }

    /** {@link #embedding(NDArray, Tensor)} with the indices as a (constant) tensor. */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return embedding(indices.data(), weight);
    }

    /**
     * Inverted dropout: in training each element is kept with probability 1 − p and scaled by
     * 1/(1 − p), else zeroed (masks from {@code generator}); the identity when not training or p = 0.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
        return dropoutWithMask("dropout", x, p, training, generator, x.shape());
    }

    /** Dropout of whole channels of x (N, C, H, W): one keep/zero draw per (n, c), as PyTorch's dropout2d. */
    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator generator) {
        if (x.rank() != 4)
            throw new IllegalArgumentException("dropout2d: expected input (N, C, H, W), got " + Shapes.format(x.shape()));
        return dropoutWithMask("dropout2d", x, p, training, generator, new int[] {x.shape(0), x.shape(1), 1, 1});
    }

    private static Tensor dropoutWithMask(String op, Tensor x, double p, boolean training, Generator generator, int[] maskShape) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(op + ": p must be in [0, 1], got " + p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        NDArray mask = NDArray.bernoulli(1 - p, generator, x.device(), maskShape).to(x.dtype()).mul(1 / (1 - p));
        return x.mul(Tensor.of(mask));
    }

    /** 2-D max pooling of x (N, C, H, W) ({@link Pool2dParams}: kernel, stride, padding, dilation, ceil mode). */
    public static Tensor maxPool2d(Tensor x, Pool2dParams params) {
        requireRank4("max_pool2d", x);
        return x.maxPool2d(params);
    }

    /** Max pooling and the in-plane int64 index (ih·W + iw) of each maximum: PyTorch's {@code return_indices=True}. */
    public static ValuesAndIndices maxPool2dWithIndices(Tensor x, Pool2dParams params) {
        requireRank4("max_pool2d", x);
        return x.maxPool2dWithIndices(params);
    }

    /** 2-D average pooling of x (N, C, H, W) ({@link Pool2dParams}: kernel, stride, padding, countIncludePad, ceil mode). */
    public static Tensor avgPool2d(Tensor x, Pool2dParams params) {
        requireRank4("avg_pool2d", x);
        return x.avgPool2d(params);
    }

    /**
     * Average pooling of x (N, C, H, W) to (N, C, outH, outW) with PyTorch's adaptive windows:
     * output i along an axis of size n averages [⌊i·n/out⌋, ⌈(i+1)·n/out⌉). When out divides n
     * this is plain average pooling with kernel = stride = n/out.
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        if (outH < 1 || outW < 1) throw new IllegalArgumentException("adaptive_avg_pool2d: output size must be >= 1, got " + outH + "×" + outW);
        if (x.rank() != 4 || x.shape(2) < 1 || x.shape(3) < 1)
            throw new IllegalArgumentException("adaptive_avg_pool2d: expected input (N, C, H, W) with H, W >= 1, got " + Shapes.format(x.shape()));
        int h = x.shape(2), w = x.shape(3);
        if (h % outH == 0 && w % outW == 0) return x.avgPool2d(Pool2dParams.kernel(h / outH, w / outW));
        return adaptiveAxis(adaptiveAxis(x, 2, outH), 3, outW);
    }

    private static Tensor adaptiveAxis(Tensor x, int axis, int out) {
        int in = x.shape(axis);
        if (in == out) return x;
        Tensor[] parts = new Tensor[out];
        for (int i = 0; i < out; i++) {
            int start = Math.floorDiv(i * in, out);
            int end = -Math.floorDiv(-(i + 1) * in, out);
            parts[i] = x.narrow(axis, start, end - start).mean(new int[] {axis}, true);
        }
        return Tensor.cat(axis, parts);
    }

    // ---------------------------------------------------------------- activations (the ops on Tensor)

    /** max(x, 0). */
    public static Tensor relu(Tensor x) { return x.relu(); }
    /** x for x &gt; 0, negativeSlope·x otherwise (gradient at 0: the slope, as PyTorch). */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return x.leakyRelu(negativeSlope); }
    /** x for x &gt; 0, α(eˣ − 1) otherwise. */
    public static Tensor elu(Tensor x, double alpha) { return x.elu(alpha); }
    /** clamp(x, min, max), gradient only strictly inside. */
    public static Tensor hardtanh(Tensor x, double min, double max) { return x.hardtanh(min, max); }
    /** ln(1 + e^(βx))/β, x where βx &gt; threshold. */
    public static Tensor softplus(Tensor x, double beta, double threshold) { return x.softplus(beta, threshold); }
    /** x·Φ(x) (exact). */
    public static Tensor gelu(Tensor x) { return x.gelu(); }
    /** GELU's tanh approximation, PyTorch's {@code gelu(approximate="tanh")}. */
    public static Tensor geluTanh(Tensor x) { return x.geluTanh(); }
    /** x·σ(x). */
    public static Tensor silu(Tensor x) { return x.silu(); }
    /** x·tanh(softplus(x)). */
    public static Tensor mish(Tensor x) { return x.mish(); }
    /** exp(x)/Σ exp(x) along {@code axis}. */
    public static Tensor softmax(Tensor x, int axis) { return x.softmax(axis); }
    /** x − logsumexp(x) along {@code axis}. */
    public static Tensor logSoftmax(Tensor x, int axis) { return x.logSoftmax(axis); }

    // ---------------------------------------------------------------- losses (Losses)

    /** {@link Losses#crossEntropy(Tensor, NDArray)}. */
    public static Tensor crossEntropy(Tensor input, NDArray target) { return Losses.crossEntropy(input, target); }
    /** {@link Losses#crossEntropy(Tensor, NDArray, NDArray, long, double, Reduction)}. */
    public static Tensor crossEntropy(Tensor input, NDArray target, NDArray weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction);
    }
    /** {@link Losses#nllLoss(Tensor, NDArray)}. */
    public static Tensor nllLoss(Tensor input, NDArray target) { return Losses.nllLoss(input, target); }
    /** {@link Losses#mseLoss}. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) { return Losses.mseLoss(input, target, reduction); }
    /** {@link Losses#l1Loss}. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) { return Losses.l1Loss(input, target, reduction); }
    /** {@link Losses#binaryCrossEntropy}. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, NDArray weight, Reduction reduction) {
        return Losses.binaryCrossEntropy(input, target, weight, reduction);
    }
    /** {@link Losses#binaryCrossEntropyWithLogits(Tensor, Tensor, BceWeights, Reduction)}. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, BceWeights weights, Reduction reduction) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weights, reduction);
    }

    // ---------------------------------------------------------------- checks

    private static void requireRank4(String op, Tensor x) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": expected input (N, C, H, W), got " + Shapes.format(x.shape()));
    }

    /** The dtype rule: outside Autocast, every parameter has the input's dtype. */
    private static void sameDType(String op, Tensor x, Tensor... params) {
        if (Autocast.isEnabled()) return;
        for (Tensor p : params)
            if (p != null && p.dtype() != x.dtype())
                throw new IllegalArgumentException(op + ": input is " + x.dtype() + " " + Shapes.format(x.shape()) + " but a parameter "
                        + Shapes.format(p.shape()) + " is " + p.dtype() + "; convert one (x.to(DType." + p.dtype().name() + "))");
    }
}
