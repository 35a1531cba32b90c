package org.jgrad.autograd;

import java.util.List;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.UnaryOp;

/**
 * Elementwise ops: each forward with its chain rule beside it. For y = f(x) the backward is
 * dL/dx = dL/dy · f'(x); for broadcast binary ops the gradient is then summed back to each
 * input's shape ({@link Gradients#sumTo}). At the kinks of relu, abs, clamp and maximum/minimum
 * the derivative follows PyTorch's; the rule is stated once, in {@link ActivationOps}.
 */
final class ElementwiseOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of("neg", "abs", "exp", "log", "sqrt", "rsqrt", "sin", "cos", "tanh",
            "sigmoid", "relu", "gelu", "silu", "reciprocal", "add", "sub", "mul", "div", "pow", "pow_scalar", "maximum",
            "minimum", "where", "clamp");

    private ElementwiseOps() {}

    private static Tensor unary(String op, Tensor x, NDArray y, java.util.function.UnaryOperator<NDArray> gradOfInput, NDArray... saved) {
        return Tensor.record(op, y, new Tensor[] {x}, (g, needs) -> new NDArray[] {gradOfInput.apply(g)}, saved);
    }

    /** A twice-differentiable unary op: {@code twice} is its chain rule in tensor ops ({@link TensorBackward}). */
    private static Tensor unary(String op, Tensor x, NDArray y, java.util.function.UnaryOperator<NDArray> gradOfInput,
                                java.util.function.UnaryOperator<Tensor> twice, NDArray... saved) {
        return Tensor.record(op, y, new Tensor[] {x}, (g, needs) -> new NDArray[] {gradOfInput.apply(g)},
                (g, needs) -> new Tensor[] {twice.apply(g)}, saved);
    }

    /** d(-x) = -1 */
    static Tensor neg(Tensor x) {
        return unary("neg", x, x.data().neg(), NDArray::neg, Tensor::neg);
    }

    /** d|x| = sign(x) (0 at 0, as in PyTorch) */
    static Tensor abs(Tensor x) {
        NDArray xd = x.data();
        return unary("abs", x, xd.abs(), g -> g.mul(xd.sign()), xd);
    }

    /** d e^x = e^x */
    static Tensor exp(Tensor x) {
        NDArray y = x.data().exp();
        return unary("exp", x, y, g -> g.mul(y), g -> g.mul(x.exp()), y);
    }

    /** d ln x = 1/x */
    static Tensor log(Tensor x) {
        NDArray xd = x.data();
        return unary("log", x, xd.log(), g -> g.div(xd), g -> g.div(x), xd);
    }

    /** d √x = 1 / (2√x) */
    static Tensor sqrt(Tensor x) {
        NDArray y = x.data().sqrt();
        return unary("sqrt", x, y, g -> g.div(y.mul(2)), g -> g.div(x.sqrt().mul(2)), y);
    }

    /** d x^(-1/2) = -½ x^(-3/2) = -½ y³ */
    static Tensor rsqrt(Tensor x) {
        NDArray y = x.data().rsqrt();
        return unary("rsqrt", x, y, g -> g.mul(y.mul(y).mul(y)).mul(-0.5), y);
    }

    /** d sin x = cos x */
    static Tensor sin(Tensor x) {
        NDArray xd = x.data();
        return unary("sin", x, xd.sin(), g -> g.mul(xd.cos()), xd);
    }

    /** d cos x = -sin x */
    static Tensor cos(Tensor x) {
        NDArray xd = x.data();
        return unary("cos", x, xd.cos(), g -> g.mul(xd.sin()).neg(), xd);
    }

    /** d tanh x = 1 - tanh² x */
    static Tensor tanh(Tensor x) {
        NDArray y = x.data().tanh();
        return unary("tanh", x, y, g -> g.mul(y.mul(y).neg().add(1)), g -> {
            Tensor t = x.tanh();
            return g.mul(t.mul(t).neg().add(1));
        }, y);
    }

    /** d σ(x) = σ(x)(1 - σ(x)) */
    static Tensor sigmoid(Tensor x) {
        NDArray y = x.data().sigmoid();
        return unary("sigmoid", x, y, g -> g.mul(y.mul(y.neg().add(1))), g -> {
            Tensor s = x.sigmoid();
            return g.mul(s.mul(s.neg().add(1)));
        }, y);
    }

    /** d relu(x) = 1 where x &gt; 0, else 0 (0 at 0, as in PyTorch) */
    static Tensor relu(Tensor x) {
        NDArray xd = x.data();
        return unary("relu", x, xd.relu(), xd::reluBackward, g -> where(xd.gt(0), g, Tensor.of(zerosLike(xd))), xd);
    }

    /** d gelu(x) = Φ(x) + x·φ(x), with Φ the standard normal CDF and φ its density */
    static Tensor gelu(Tensor x) {
        NDArray xd = x.data();
        return unary("gelu", x, xd.gelu(), g -> g.mul(geluDerivative(xd)), xd);
    }

    private static NDArray geluDerivative(NDArray x) {
        NDArray cdf = x.unary(UnaryOp.GELU).div(x);                       // Φ(x) = gelu(x)/x where x ≠ 0
        NDArray cdfAtZero = NDArray.where(x.eq(0), NDArray.scalar(0.5, x.dtype()), cdf);
        NDArray density = x.mul(x).mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
        return cdfAtZero.add(x.mul(density));
    }

    /** d silu(x) = σ(x)(1 + x(1 - σ(x))) */
    static Tensor silu(Tensor x) {
        NDArray xd = x.data();
        return unary("silu", x, xd.silu(), g -> {
            NDArray s = xd.sigmoid();
            return g.mul(s.mul(xd.mul(s.neg().add(1)).add(1)));
        }, xd);
    }

    /** d (1/x) = -1/x² */
    static Tensor reciprocal(Tensor x) {
        NDArray y = x.data().reciprocal();
        return unary("reciprocal", x, y, g -> g.mul(y.mul(y)).neg(), y);
    }

    /** Records a binary op on {@code in}, its two operands after {@link Autocast#elementwise}. */
    private static Tensor binary(String op, Tensor[] in, NDArray y, Rule rule, NDArray... saved) {
        return binary(op, in, y, rule, null, saved);
    }

    /** As above for a twice-differentiable op: {@code twice} is the same rule in tensor ops (null: none). */
    private static Tensor binary(String op, Tensor[] in, NDArray y, Rule rule, TensorRule twice, NDArray... saved) {
        Tensor a = in[0], b = in[1];
        return Tensor.record(op, y, in, (g, needs) -> new NDArray[] {
            needs[0] ? Gradients.sumTo(rule.gradA(g), a) : null,
            needs[1] ? Gradients.sumTo(rule.gradB(g), b) : null},
            twice == null ? null : (g, needs) -> new Tensor[] {
                needs[0] ? Gradients.sumTo(twice.gradA().apply(g), a) : null,
                needs[1] ? Gradients.sumTo(twice.gradB().apply(g), b) : null}, saved);
    }

    /** The two partial derivatives of a binary op in tensor ops, before un-broadcasting: its double backward. */
    private record TensorRule(java.util.function.UnaryOperator<Tensor> gradA, java.util.function.UnaryOperator<Tensor> gradB) {}

    /** The two partial derivatives of a binary op, before un-broadcasting. */
    private interface Rule {
        NDArray gradA(NDArray g);

        NDArray gradB(NDArray g);
    }

    private static Rule rule(java.util.function.UnaryOperator<NDArray> ga, java.util.function.UnaryOperator<NDArray> gb) {
        return new Rule() {
            public NDArray gradA(NDArray g) { return ga.apply(g); }
            public NDArray gradB(NDArray g) { return gb.apply(g); }
        };
    }

    /** ∂(a+b)/∂a = ∂(a+b)/∂b = 1 */
    static Tensor add(Tensor a, Tensor b) {
        Tensor[] in = Autocast.elementwise(a, b);
        return binary("add", in, in[0].data().add(in[1].data()), rule(g -> g, g -> g), new TensorRule(g -> g, g -> g));
    }

    /** ∂(a-b)/∂a = 1, ∂(a-b)/∂b = -1 */
    static Tensor sub(Tensor a, Tensor b) {
        Tensor[] in = Autocast.elementwise(a, b);
        return binary("sub", in, in[0].data().sub(in[1].data()), rule(g -> g, NDArray::neg), new TensorRule(g -> g, Tensor::neg));
    }

    /** ∂(ab)/∂a = b, ∂(ab)/∂b = a */
    static Tensor mul(Tensor a, Tensor b) {
        Tensor[] in = Autocast.elementwise(a, b);
        NDArray ad = in[0].data(), bd = in[1].data();
        return binary("mul", in, ad.mul(bd), rule(g -> g.mul(bd), g -> g.mul(ad)), new TensorRule(g -> g.mul(in[1]), g -> g.mul(in[0])), ad, bd);
    }

    /** ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = -a/b² */
    static Tensor div(Tensor a, Tensor b) {
        Tensor[] in = Autocast.elementwise(a, b);
        NDArray ad = in[0].data(), bd = in[1].data();
        return binary("div", in, ad.div(bd), rule(g -> g.div(bd), g -> g.mul(ad).div(bd.mul(bd)).neg()),
                new TensorRule(g -> g.div(in[1]), g -> g.mul(in[0]).div(in[1].mul(in[1])).neg()), ad, bd);
    }

    /** ∂(a^b)/∂a = b·a^(b-1); ∂(a^b)/∂b = a^b·ln a, taken as 0 where a = 0 and b ≥ 0 (PyTorch's convention) */
    static Tensor pow(Tensor a, Tensor b) {
        Tensor[] in = Autocast.elementwise(a, b);
        NDArray ad = in[0].data(), bd = in[1].data(), y = ad.pow(bd);
        return binary("pow", in, y, rule(
                g -> g.mul(bd).mul(ad.pow(bd.sub(1))),
                g -> {
                    NDArray dy = y.mul(ad.log());
                    NDArray zeroBase = ad.eq(0).mul(bd.ge(0));
                    return g.mul(NDArray.where(zeroBase, zerosLike(dy), dy));
                }), ad, bd);
    }

    /** d x^p = p·x^(p-1) for a constant p (0 when p = 0) */
    static Tensor powScalar(Tensor x, double p) {
        NDArray xd = x.data();
        return unary("pow_scalar", x, xd.pow(p), g -> p == 0 ? NDArray.zeros(g.dtype(), g.device(), g.shape()) : g.mul(xd.pow(p - 1)).mul(p),
                g -> p == 0 ? Tensor.of(NDArray.zeros(g.dtype(), g.device(), g.shape())) : g.mul(x.pow(p - 1)).mul(p), xd);
    }

    /** Gradient to the larger input; on ties each gets half, as in PyTorch. */
    static Tensor maximum(Tensor a, Tensor b) {
        Tensor[] in = Autocast.elementwise(a, b);
        NDArray ad = in[0].data(), bd = in[1].data();
        return binary("maximum", in, ad.maximum(bd), rule(g -> g.mul(share(ad, bd)), g -> g.mul(share(bd, ad))), ad, bd);
    }

    /** Gradient to the smaller input; on ties each gets half, as in PyTorch. */
    static Tensor minimum(Tensor a, Tensor b) {
        Tensor[] in = Autocast.elementwise(a, b);
        NDArray ad = in[0].data(), bd = in[1].data();
        return binary("minimum", in, ad.minimum(bd), rule(g -> g.mul(share(bd, ad)), g -> g.mul(share(ad, bd))), ad, bd);
    }

    /** 1 where winner &gt; loser, ½ where equal, 0 elsewhere. */
    private static NDArray share(NDArray winner, NDArray loser) {
        DType t = DType.promote(winner.dtype(), loser.dtype());
        return winner.gt(loser).to(t).add(winner.eq(loser).to(t).mul(0.5));
    }

    /** The chosen side gets the gradient: ∂/∂a = cond, ∂/∂b = not cond. */
    static Tensor where(NDArray cond, Tensor a, Tensor b) {
        Tensor[] in = Autocast.elementwise(a, b);
        NDArray y = NDArray.where(cond, in[0].data(), in[1].data());
        return binary("where", in, y, rule(g -> NDArray.where(cond, g, zerosLike(g)), g -> NDArray.where(cond, zerosLike(g), g)), cond);
    }

    /** The gradient passes where min ≤ x ≤ max (inclusive, as in PyTorch). */
    static Tensor clamp(Tensor x, double min, double max) {
        NDArray xd = x.data();
        return unary("clamp", x, xd.clamp(min, max), g -> NDArray.where(xd.ge(min).mul(xd.le(max)), g, zerosLike(g)), xd);
    }

    static NDArray zerosLike(NDArray x) {
        return NDArray.scalar(0, x.dtype()).to(x.device());
    }
}
