package org.jgrad.nn.losses;

import java.util.Arrays;
import java.util.Objects;
import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * The losses as functions, PyTorch's {@code torch.nn.functional.cross_entropy}, {@code nll_loss},
 * {@code mse_loss}, {@code l1_loss}, {@code binary_cross_entropy} and
 * {@code binary_cross_entropy_with_logits}: the one implementation of each, which the loss
 * objects ({@link CrossEntropyLoss}, {@link NllLoss}, {@link MseLoss}, {@link L1Loss},
 * {@link BceWithLogitsLoss}) call with their settings. Every loss computes in float32 or wider
 * under {@link Autocast}. ℓ below is the per-element loss that {@link Reduction} reduces.
 */
public final class Losses {
    private Losses() {}

    /**
     * PyTorch's cross_entropy with class-index targets: with s = log_softmax(x) over axis 1,
     * ℓₙ = (1−ε)·ωₙ·(−sₙ,yₙ) + (ε/C)·keepₙ·Σ_c w_c·(−sₙ,c), where ωₙ = w[yₙ] (0 where yₙ = ignoreIndex),
     * keepₙ = [yₙ ≠ ignoreIndex] and ε the label smoothing, which mixes in
     * the weighted mean over all classes; MEAN divides by Σₙ w[yₙ]. Scores (N, C, d…) or (C);
     * targets int (N, d…) or a scalar. {@code weight} (C) may be null.
     */
    public static Tensor crossEntropy(Tensor input, NDArray target, NDArray weight, long ignoreIndex, double labelSmoothing,
                                      Reduction reduction) {
        return crossEntropy("cross_entropy", input, target, ClassTargets.checkWeight("cross_entropy", weight), ignoreIndex,
                labelSmoothing, reduction);
    }

    /** Cross-entropy with PyTorch's defaults: no class weights, ignoreIndex −100, no smoothing, mean. */
    public static Tensor crossEntropy(Tensor input, NDArray target) {
        return crossEntropy(input, target, null, CrossEntropyLoss.DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN);
    }

    static Tensor crossEntropy(String name, Tensor input, NDArray target, double[] weight, long ignoreIndex, double labelSmoothing,
                               Reduction reduction) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException(name + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        Objects.requireNonNull(reduction, name + ": reduction is null");
        ClassTargets t = ClassTargets.of(name, input, target, weight, ignoreIndex);
        return t.reduce(t.perPosition(t.scores.logSoftmax(1), weight, labelSmoothing), reduction);
    }

    /**
     * ℓₙ = −w[yₙ]·x[n, yₙ] for log-probabilities x (N, C, d…) or (C) (0 where yₙ = ignoreIndex);
     * MEAN divides by Σₙ w[yₙ]. {@code weight} (C) may be null.
     */
    public static Tensor nllLoss(Tensor input, NDArray target, NDArray weight, long ignoreIndex, Reduction reduction) {
        return nllLoss("nll_loss", input, target, ClassTargets.checkWeight("nll_loss", weight), ignoreIndex, reduction);
    }

    /** NLL with PyTorch's defaults: no class weights, ignoreIndex −100, mean. */
    public static Tensor nllLoss(Tensor input, NDArray target) {
        return nllLoss(input, target, null, CrossEntropyLoss.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    static Tensor nllLoss(String name, Tensor input, NDArray target, double[] weight, long ignoreIndex, Reduction reduction) {
        Objects.requireNonNull(reduction, name + ": reduction is null");
        ClassTargets t = ClassTargets.of(name, input, target, weight, ignoreIndex);
        return t.reduce(t.perPosition(t.scores, weight, 0), reduction);
    }

    /** ℓ = (x − y)², input and target of one shape. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return mseLoss("mse_loss", input, target, reduction);
    }

    static Tensor mseLoss(String name, Tensor input, Tensor target, Reduction reduction) {
        Pointwise.check(name, input, target);
        Tensor d = Autocast.fullPrecision(input).sub(Autocast.fullPrecision(target));
        return Objects.requireNonNull(reduction, name + ": reduction is null").reduce(d.mul(d));
    }

    /** ℓ = |x − y|, input and target of one shape. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return l1Loss("l1_loss", input, target, reduction);
    }

    static Tensor l1Loss(String name, Tensor input, Tensor target, Reduction reduction) {
        Pointwise.check(name, input, target);
        Tensor d = Autocast.fullPrecision(input).sub(Autocast.fullPrecision(target));
        return Objects.requireNonNull(reduction, name + ": reduction is null").reduce(d.abs());
    }

    /**
     * Binary cross-entropy of probabilities p ∈ [0, 1]: ℓ = −w·[y·log p + (1 − y)·log(1 − p)], each
     * log clamped to ≥ −100 as PyTorch's binary_cross_entropy does (so p = 0 or 1 gives a finite
     * loss; the clamp's gradient is 0 where it acts). {@code weight} (broadcast to the input) may be null.
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, NDArray weight, Reduction reduction) {
        String name = "binary_cross_entropy";
        Pointwise.check(name, input, target);
        Tensor p = Autocast.fullPrecision(input), y = Autocast.fullPrecision(target);
        double lo = p.data().min().item(), hi = p.data().max().item();
        if (p.numel() > 0 && !(lo >= 0 && hi <= 1))
            throw new IllegalArgumentException(name + ": input must be probabilities in [0, 1], got values in [" + lo + ", " + hi
                    + "] of shape " + Shapes.format(p.shape()));
        Tensor logP = p.log().clampMin(-100), log1mP = p.neg().log1p().clampMin(-100);
        Tensor loss = y.mul(logP).add(y.neg().add(1).mul(log1mP)).neg();
        if (weight != null) loss = loss.mul(broadcastConstant(name, "weight", weight, p));
        return Objects.requireNonNull(reduction, name + ": reduction is null").reduce(loss);
    }

    /**
     * ℓ = −w·[p·y·log σ(x) + (1 − y)·log(1 − σ(x))], computed stably as
     * (1 − y)·x + (1 + (p − 1)·y)·(log(1 + e^(−|x|)) + max(−x, 0)) (with p = 1: max(x, 0) − x·y +
     * log(1 + e^(−|x|))). Weights by name: {@link BceWeights}.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, BceWeights weights, Reduction reduction) {
        return binaryCrossEntropyWithLogits("binary_cross_entropy_with_logits", input, target, weights, reduction);
    }

    /** Without weights. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Reduction reduction) {
        return binaryCrossEntropyWithLogits(input, target, BceWeights.NONE, reduction);
    }

    static Tensor binaryCrossEntropyWithLogits(String name, Tensor input, Tensor target, BceWeights weights, Reduction reduction) {
        Pointwise.check(name, input, target);
        Objects.requireNonNull(weights, name + ": weights are null (use BceWeights.NONE)");
        Tensor x = Autocast.fullPrecision(input), y = Autocast.fullPrecision(target);
        // log(1 + e^(−|x|)): the argument of exp is ≤ 0, so it cannot overflow
        Tensor softplusNegAbs = x.abs().neg().exp().add(1).log();
        Tensor loss;
        if (weights.posWeight() == null) {
            loss = x.relu().sub(x.mul(y)).add(softplusNegAbs);
        } else {
            Tensor p = broadcastConstant(name, "posWeight", weights.posWeight(), x);
            Tensor scale = p.sub(1).mul(y).add(1);
            loss = y.neg().add(1).mul(x).add(scale.mul(softplusNegAbs.add(x.neg().relu())));
        }
        if (weights.weight() != null) loss = loss.mul(broadcastConstant(name, "weight", weights.weight(), x));
        return Objects.requireNonNull(reduction, name + ": reduction is null").reduce(loss);
    }

    /** {@code w} as a constant in x's dtype and device; it must broadcast to x's shape. */
    private static Tensor broadcastConstant(String name, String what, NDArray w, Tensor x) {
        int[] b;
        try {
            b = Shapes.broadcast(name, w.shape(), x.shape());
        } catch (IllegalArgumentException e) {
            b = null;
        }
        if (b == null || !Arrays.equals(b, x.shape()))
            throw new IllegalArgumentException(name + ": " + what + " of shape " + Shapes.format(w.shape())
                    + " does not broadcast to the input shape " + Shapes.format(x.shape()));
        return Tensor.of(w.to(x.dtype()).to(x.device()));
    }
}
