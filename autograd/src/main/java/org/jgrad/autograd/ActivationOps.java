package org.jgrad.autograd;

import java.util.List;
import java.util.function.UnaryOperator;
import org.jgrad.tensor.NDArray;

/**
 * The activation functions beyond relu, gelu and silu, and the accurate log1p / expm1 and the
 * one-sided clamps they rest on: each forward with its derivative beside it, as PyTorch's
 * {@code derivatives.yaml} defines it. Every forward is written with the {@link NDArray}
 * primitives (exp, log, tanh, where, comparisons), so each works on every backend without a
 * kernel of its own.
 *
 * <p><b>The rule at the kinks</b> (here and in {@link ElementwiseOps}; one rule, PyTorch's): a
 * piecewise op's derivative at a breakpoint is the one of the branch its definition's comparison
 * puts the breakpoint in:
 * <ul>
 *   <li>relu: {@code x > 0 ? 1 : 0}, so 0 at 0; leaky relu: {@code x > 0 ? 1 : slope}, so the
 *       negative slope at 0; elu: {@code x > 0 ? 1 : α·eˣ}, so α at 0;</li>
 *   <li>abs: sign(x), 0 at 0;</li>
 *   <li>clamp(min, max): 1 on the closed interval {@code min ≤ x ≤ max}, clampMin {@code x ≥ min},
 *       clampMax {@code x ≤ max}; hardtanh: 1 on the open interval {@code min < x < max} only
 *       (PyTorch's hardtanh_backward), so 0 at both corners;</li>
 *   <li>softplus(β, threshold): {@code βx > threshold ? 1 : σ(βx)};</li>
 *   <li>maximum / minimum of two tensors: half the gradient to each on a tie; max / min over axes
 *       (amax / amin): shared evenly by all tied elements; max / min along an axis with indices
 *       ({@link Tensor#maxAlong}): all of it to the returned index, the first of the ties.</li>
 * </ul>
 */
final class ActivationOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of("log1p", "expm1", "clamp_min", "clamp_max", "leaky_relu", "elu",
            "hardtanh", "softplus", "mish", "gelu_tanh");

    private ActivationOps() {}

    private static Tensor unary(String op, Tensor x, NDArray y, UnaryOperator<NDArray> gradOfInput, NDArray... saved) {
        return Tensor.record(op, y, new Tensor[] {x}, (g, needs) -> new NDArray[] {gradOfInput.apply(g)}, saved);
    }

    /** A twice-differentiable unary op: {@code twice} is its chain rule in tensor ops ({@link TensorBackward}). */
    private static Tensor unary(String op, Tensor x, NDArray y, UnaryOperator<NDArray> gradOfInput, UnaryOperator<Tensor> twice, NDArray... saved) {
        return Tensor.record(op, y, new Tensor[] {x}, (g, needs) -> new NDArray[] {gradOfInput.apply(g)},
                (g, needs) -> new Tensor[] {twice.apply(g)}, saved);
    }

    /**
     * ln(1 + x), accurate for small |x|: with u = 1 + x rounded, log1p(x) = ln(u) · x / (u - 1)
     * (Kahan's correction: the rounding error of u cancels), x itself where u = 1, and +∞ at +∞.
     * d log1p(x) = 1 / (1 + x).
     */
    static Tensor log1p(Tensor x) {
        NDArray xd = x.data();
        return unary("log1p", x, log1p(xd), g -> g.div(xd.add(1)), xd);
    }

    static NDArray log1p(NDArray x) {
        NDArray u = x.add(1), um1 = u.sub(1);
        NDArray corrected = u.log().mul(x).div(um1);
        NDArray y = NDArray.where(um1.eq(0), x, corrected);
        return NDArray.where(u.eq(Double.POSITIVE_INFINITY), u, y);
    }

    /**
     * eˣ - 1, accurate for small |x|: with u = eˣ rounded, expm1(x) = (u - 1) · x / ln(u) (Kahan),
     * x where u = 1, -1 where u - 1 = -1, +∞ where u = +∞. d expm1(x) = eˣ.
     */
    static Tensor expm1(Tensor x) {
        NDArray xd = x.data();
        return unary("expm1", x, expm1(xd), g -> g.mul(xd.exp()), xd);
    }

    static NDArray expm1(NDArray x) {
        NDArray u = x.exp(), um1 = u.sub(1);
        NDArray y = NDArray.where(um1.eq(0), x, um1.mul(x).div(u.log()));
        y = NDArray.where(um1.eq(-1), um1, y);
        return NDArray.where(u.eq(Double.POSITIVE_INFINITY), u, y);
    }

    /** max(x, min); the gradient passes where x ≥ min (PyTorch's clamp_min). */
    static Tensor clampMin(Tensor x, double min) {
        if (Double.isNaN(min)) throw new IllegalArgumentException("clampMin: min is NaN");
        NDArray xd = x.data();
        return unary("clamp_min", x, xd.maximum(min), g -> NDArray.where(xd.ge(min), g, ElementwiseOps.zerosLike(g)), xd);
    }

    /** min(x, max); the gradient passes where x ≤ max (PyTorch's clamp_max). */
    static Tensor clampMax(Tensor x, double max) {
        if (Double.isNaN(max)) throw new IllegalArgumentException("clampMax: max is NaN");
        NDArray xd = x.data();
        return unary("clamp_max", x, xd.minimum(max), g -> NDArray.where(xd.le(max), g, ElementwiseOps.zerosLike(g)), xd);
    }

    /** leaky_relu(x) = x for x &gt; 0, slope·x otherwise; derivative 1 for x &gt; 0, slope for x ≤ 0 (at 0 too). */
    static Tensor leakyRelu(Tensor x, double slope) {
        NDArray xd = x.data();
        NDArray positive = xd.gt(0);
        return unary("leaky_relu", x, NDArray.where(positive, xd, xd.mul(slope)), g -> NDArray.where(positive, g, g.mul(slope)),
                g -> Tensor.where(positive, g, g.mul(slope)), xd);   // piecewise linear: d²/dx² = 0, the rule is linear in g
    }

    /** elu(x) = x for x &gt; 0, α·(eˣ - 1) otherwise; derivative 1 for x &gt; 0, α·eˣ for x ≤ 0. */
    static Tensor elu(Tensor x, double alpha) {
        NDArray xd = x.data();
        NDArray positive = xd.gt(0);
        return unary("elu", x, NDArray.where(positive, xd, expm1(xd).mul(alpha)),
                g -> NDArray.where(positive, g, g.mul(xd.exp()).mul(alpha)), xd);
    }

    /** hardtanh(x) = clamp(x, min, max); derivative 1 on the open interval min &lt; x &lt; max, 0 elsewhere (PyTorch's). */
    static Tensor hardtanh(Tensor x, double min, double max) {
        if (!(min <= max)) throw new IllegalArgumentException("hardtanh: min " + min + " must be <= max " + max);
        NDArray xd = x.data();
        return unary("hardtanh", x, xd.clamp(min, max), g -> NDArray.where(xd.gt(min).mul(xd.lt(max)), g, ElementwiseOps.zerosLike(g)), xd);
    }

    /**
     * softplus(x) = ln(1 + e^(βx)) / β, and x itself where βx &gt; threshold (PyTorch's linear
     * region); computed as (max(βx, 0) + log1p(e^(-|βx|))) / β, which cannot overflow.
     * Derivative σ(βx), and 1 where βx &gt; threshold.
     */
    static Tensor softplus(Tensor x, double beta, double threshold) {
        if (!(beta > 0)) throw new IllegalArgumentException("softplus: beta must be > 0, got " + beta);
        NDArray xd = x.data(), bx = xd.mul(beta);
        NDArray linear = bx.gt(threshold);
        NDArray y = NDArray.where(linear, xd, stableSoftplus(bx).div(beta));
        return unary("softplus", x, y, g -> NDArray.where(linear, g, g.mul(bx.sigmoid())), xd);
    }

    /** ln(1 + eᶻ) = max(z, 0) + log1p(e^(-|z|)). */
    private static NDArray stableSoftplus(NDArray z) {
        return z.relu().add(log1p(z.abs().neg().exp()));
    }

    /**
     * mish(x) = x · tanh(softplus(x)) (softplus with β = 1 and no linear region, as PyTorch's
     * mish). With t = tanh(softplus(x)): d mish(x) = t + x·σ(x)·(1 - t²).
     */
    static Tensor mish(Tensor x) {
        NDArray xd = x.data();
        NDArray t = stableSoftplus(xd).tanh();
        return unary("mish", x, xd.mul(t), g -> g.mul(t.add(xd.mul(xd.sigmoid()).mul(t.mul(t).neg().add(1)))), xd);
    }

    /** √(2/π), the tanh approximation's scale. */
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double KAPPA = 0.044715;

    /**
     * GELU, tanh approximation (PyTorch's {@code approximate="tanh"}): with
     * u = √(2/π)(x + 0.044715x³) and t = tanh u, gelu(x) = ½x(1 + t), and
     * d gelu(x) = ½(1 + t) + ½x(1 - t²)·√(2/π)(1 + 3·0.044715x²).
     */
    static Tensor geluTanh(Tensor x) {
        NDArray xd = x.data();
        NDArray x2 = xd.mul(xd);
        NDArray t = xd.add(x2.mul(xd).mul(KAPPA)).mul(SQRT_2_OVER_PI).tanh();
        NDArray y = xd.mul(0.5).mul(t.add(1));
        return unary("gelu_tanh", x, y, g -> {
            NDArray du = x2.mul(3 * KAPPA).add(1).mul(SQRT_2_OVER_PI);
            return g.mul(t.add(1).mul(0.5).add(xd.mul(0.5).mul(t.mul(t).neg().add(1)).mul(du)));
        }, xd);
    }
}
