package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.randnStrided;
import static org.jgrad.autograd.OpSpec.uniform;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.tensor.NDArray;

/** Gradient-check rows for {@link ElementwiseOps}. */
final class ElementwiseSpecs {
    private ElementwiseSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        s.add(OpSpec.of("neg", "3x4", () -> arrays(randn(1, 3, 4)), 1, t -> t[0].neg()));
        s.add(OpSpec.of("abs", "3x4 strided", () -> arrays(randnStrided(2, 3, 4)), 1, t -> t[0].abs()));
        s.add(OpSpec.of("exp", "2x3x2", () -> arrays(randn(3, 2, 3, 2)), 1, t -> t[0].exp()));
        s.add(OpSpec.of("log", "positive", () -> arrays(uniform(4, 0.5, 2, 3, 4)), 1, t -> t[0].log()));
        s.add(OpSpec.of("sqrt", "positive", () -> arrays(uniform(5, 0.5, 2, 5)), 1, t -> t[0].sqrt()));
        s.add(OpSpec.of("rsqrt", "positive", () -> arrays(uniform(6, 0.5, 2, 5)), 1, t -> t[0].rsqrt()));
        s.add(OpSpec.of("sin", "4", () -> arrays(randn(7, 4)), 1, t -> t[0].sin()));
        s.add(OpSpec.of("cos", "4", () -> arrays(randn(8, 4)), 1, t -> t[0].cos()));
        s.add(OpSpec.of("tanh", "3x3", () -> arrays(randn(9, 3, 3)), 1, t -> t[0].tanh()));
        s.add(OpSpec.of("sigmoid", "3x3", () -> arrays(randn(10, 3, 3)), 1, t -> t[0].sigmoid()));
        s.add(OpSpec.of("relu", "3x4 strided", () -> arrays(randnStrided(11, 3, 4)), 1, t -> t[0].relu()));
        s.add(OpSpec.of("gelu", "3x4", () -> arrays(randn(12, 3, 4).mul(2)), 1, t -> t[0].gelu()));
        s.add(OpSpec.of("silu", "3x4", () -> arrays(randn(13, 3, 4).mul(2)), 1, t -> t[0].silu()));
        s.add(OpSpec.of("reciprocal", "positive", () -> arrays(uniform(14, 0.5, 2, 6)), 1, t -> t[0].reciprocal()));
        s.add(OpSpec.of("add", "broadcast (2,3,4)+(3,1)", () -> arrays(randn(15, 2, 3, 4), randn(16, 3, 1)), 2, t -> t[0].add(t[1])));
        s.add(OpSpec.of("add", "scalar", () -> arrays(randn(17, 2, 3)), 1, t -> t[0].add(2.5)));
        s.add(OpSpec.of("sub", "broadcast (4)-(2,4) strided", () -> arrays(randn(18, 4), randnStrided(19, 2, 4)), 2, t -> t[0].sub(t[1])));
        s.add(OpSpec.of("mul", "broadcast (2,1,3)*(4,1)", () -> arrays(randn(20, 2, 1, 3), randn(21, 4, 1)), 2, t -> t[0].mul(t[1])));
        s.add(OpSpec.of("mul", "same tensor twice", () -> arrays(randn(22, 3, 2)), 1, t -> t[0].mul(t[0])));
        s.add(OpSpec.of("div", "broadcast", () -> arrays(randn(23, 3, 4), uniform(24, 0.5, 2, 4)), 2, t -> t[0].div(t[1])));
        s.add(OpSpec.of("pow", "positive base", () -> arrays(uniform(25, 0.5, 2, 3, 2), randn(26, 3, 2)), 2, t -> t[0].pow(t[1])));
        s.add(OpSpec.of("pow_scalar", "cube", () -> arrays(randn(27, 5)), 1, t -> t[0].pow(3)));
        s.add(OpSpec.of("pow_scalar", "power 0.5", () -> arrays(uniform(28, 0.5, 2, 5)), 1, t -> t[0].pow(0.5)));
        s.add(OpSpec.of("maximum", "broadcast", () -> arrays(randn(29, 3, 4), randn(30, 4)), 2, t -> t[0].maximum(t[1])));
        s.add(OpSpec.of("minimum", "broadcast", () -> arrays(randn(31, 3, 4), randn(32, 3, 1)), 2, t -> t[0].minimum(t[1])));
        s.add(OpSpec.of("where", "broadcast", () -> arrays(randn(33, 3, 4), randn(34, 4)), 2,
                t -> Tensor.where(randn(35, 3, 4).gt(0), t[0], t[1])));
        s.add(OpSpec.of("clamp", "3x4", () -> arrays(randn(36, 3, 4)), 1, t -> t[0].clamp(-0.5, 0.7)));
        return s;
    }
}
