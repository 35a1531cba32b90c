package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.randnStrided;
import static org.jgrad.autograd.OpSpec.uniform;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The second derivatives of every twice-differentiable op ({@link TensorBackward}), by
 * {@link GradCheck#checkSecondOrder} in float64: the ops a WGAN-GP critic (conv2d, leaky relu,
 * flatten, linear) and its gradient penalty (mul, sum, sqrt, pow, mean) are made of, and the
 * elementwise and view ops around them.
 */
class SecondOrderGradCheckTest {
    static Stream<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        s.add(OpSpec.of("add", "broadcast (2,3) + (3)", () -> arrays(randn(901, 2, 3), randn(902, 3)), 2, t -> t[0].add(t[1])));
        s.add(OpSpec.of("sub", "broadcast (2,1) - (3)", () -> arrays(randn(903, 2, 1), randn(904, 3)), 2, t -> t[0].sub(t[1])));
        s.add(OpSpec.of("mul", "broadcast (2,3) * (2,1)", () -> arrays(randn(905, 2, 3), randn(906, 2, 1)), 2, t -> t[0].mul(t[1])));
        s.add(OpSpec.of("mul", "x * x (one input twice)", () -> arrays(randn(907, 4)), 1, t -> t[0].mul(t[0])));
        s.add(OpSpec.of("div", "b away from 0", () -> arrays(randn(908, 2, 3), uniform(909, 0.5, 2, 2, 3)), 2, t -> t[0].div(t[1])));
        s.add(OpSpec.of("neg", "", () -> arrays(randn(910, 5)), 1, t -> t[0].neg()));
        s.add(OpSpec.of("exp", "", () -> arrays(randn(911, 5)), 1, t -> t[0].exp()));
        s.add(OpSpec.of("log", "positive", () -> arrays(uniform(912, 0.5, 2, 5)), 1, t -> t[0].log()));
        s.add(OpSpec.of("sqrt", "positive", () -> arrays(uniform(913, 0.5, 2, 5)), 1, t -> t[0].sqrt()));
        s.add(OpSpec.of("tanh", "", () -> arrays(randn(914, 5)), 1, t -> t[0].tanh()));
        s.add(OpSpec.of("sigmoid", "", () -> arrays(randn(915, 5)), 1, t -> t[0].sigmoid()));
        s.add(OpSpec.of("relu", "away from the kink", () -> arrays(awayFromZero(916, 6)), 1, t -> t[0].relu()));
        s.add(OpSpec.of("leaky_relu", "slope 0.2, away from the kink", () -> arrays(awayFromZero(917, 2, 3)), 1, t -> t[0].leakyRelu(0.2)));
        s.add(OpSpec.of("pow_scalar", "x^2", () -> arrays(randn(918, 5)), 1, t -> t[0].pow(2)));
        s.add(OpSpec.of("pow_scalar", "x^0.5, positive", () -> arrays(uniform(919, 0.5, 2, 5)), 1, t -> t[0].pow(0.5)));
        s.add(OpSpec.of("pow_scalar", "x^3", () -> arrays(randn(920, 5)), 1, t -> t[0].pow(3)));
        s.add(OpSpec.of("sum", "all", () -> arrays(randn(921, 2, 3)), 1, t -> t[0].sum()));
        s.add(OpSpec.of("sum", "axes (1, 2) keepDim", () -> arrays(randn(922, 2, 3, 2)), 1, t -> t[0].sum(new int[] {1, 2}, true)));
        s.add(OpSpec.of("sum", "mean over axis 0 (composite: sum, mul)", () -> arrays(randn(923, 3, 2)), 1, t -> t[0].mean(0)));
        s.add(OpSpec.of("reshape", "(2,3,2) -> (3,4)", () -> arrays(randn(924, 2, 3, 2)), 1, t -> t[0].reshape(3, 4)));
        s.add(OpSpec.of("reshape", "flatten(1, 3)", () -> arrays(randn(925, 2, 1, 2, 3)), 1, t -> t[0].flatten(1, 3)));
        s.add(OpSpec.of("permute", "(2,0,1)", () -> arrays(randn(926, 2, 3, 2)), 1, t -> t[0].permute(2, 0, 1)));
        s.add(OpSpec.of("transpose", "mT", () -> arrays(randn(927, 2, 3)), 1, t -> t[0].mT()));
        s.add(OpSpec.of("expand", "(3,1) -> (2,3,4)", () -> arrays(randn(928, 3, 1)), 1, t -> t[0].expand(2, 3, 4)));
        s.add(OpSpec.of("contiguous", "strided input", () -> arrays(randnStrided(929, 3, 2)), 1, t -> t[0].contiguous()));
        s.add(OpSpec.of("matmul", "(2,3)·(3,4)", () -> arrays(randn(930, 2, 3), randn(931, 3, 4)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "batched (2,2,3)·(3,2), broadcast", () -> arrays(randn(932, 2, 2, 3), randn(933, 3, 2)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "vector·matrix", () -> arrays(randn(934, 3), randn(935, 3, 2)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "matrix·vector", () -> arrays(randn(936, 2, 3), randn(937, 3)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("conv2d", "3x3 bias", () -> arrays(randn(940, 2, 2, 4, 4), randn(941, 3, 2, 3, 3), randn(942, 3)), 3,
                t -> t[0].conv2d(t[1], t[2], Conv2dParams.DEFAULT)));
        s.add(OpSpec.of("conv2d", "stride 2 padding 1, a row skipped at the edge", () -> arrays(randn(943, 1, 2, 6, 6), randn(944, 2, 2, 3, 3)), 2,
                t -> t[0].conv2d(t[1], null, Conv2dParams.DEFAULT.stride(2).padding(1))));
        s.add(OpSpec.of("conv2d", "4x4 stride 2 padding 1 (the critic's)", () -> arrays(randn(945, 1, 1, 6, 6), randn(946, 2, 1, 4, 4), randn(947, 2)), 3,
                t -> t[0].conv2d(t[1], t[2], Conv2dParams.DEFAULT.stride(2).padding(1))));
        s.add(OpSpec.of("conv2d", "groups 2, dilation 2", () -> arrays(randn(948, 1, 4, 5, 5), randn(949, 2, 2, 2, 2)), 2,
                t -> t[0].conv2d(t[1], null, Conv2dParams.DEFAULT.groups(2).dilation(2))));
        s.add(new OpSpec("conv2d", "penalty path: critic(x) = linear(flatten(leakyRelu(conv(x)))), all parameters",
                () -> arrays(awayFromZero(950, 2, 1, 4, 4), randn(951, 2, 1, 3, 3), randn(952, 2), randn(953, 1, 8), randn(954, 1)),
                new boolean[] {true, true, true, true, true},
                t -> t[0].conv2d(t[1], t[2], Conv2dParams.DEFAULT.stride(2).padding(1)).leakyRelu(0.2).flatten(1, 3).matmul(t[3].mT()).add(t[4])));
        return s.stream();
    }

    /** Normal values moved at least 0.2 away from 0, so the finite differences do not straddle a kink. */
    private static NDArray awayFromZero(long seed, int... shape) {
        NDArray x = randn(seed, shape);
        return x.add(x.sign().mul(0.2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void secondDerivativesMatchFiniteDifferences(OpSpec spec) {
        GradCheck.checkSecondOrder(spec.toString(), spec.f(), spec.inputs().get(), spec.differentiable());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void theCheckedOpRecordsADoubleBackward(OpSpec spec) {
        NDArray[] in = spec.inputs().get();
        Tensor[] leaves = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) leaves[i] = Tensor.of(in[i], spec.differentiable()[i]);
        Node node = spec.f().apply(leaves).gradFn();
        assertTrue(node.isTwiceDifferentiable(), spec + ": its node '" + node.name() + "' has no tensor backward");
    }

    @Test
    void aWrongDoubleBackwardIsCaught() {
        // x·x with a gradient that forgot the factor 2 in its curvature: the first-order rule is right at the point, the second derivative is not
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.checkSecondOrder("wrong", t -> {
            Tensor x = t[0];
            return Tensor.record("wrong", x.data().mul(x.data()), new Tensor[] {x}, (g, needs) -> new NDArray[] {g.mul(x.data()).mul(2)},
                    (g, needs) -> new Tensor[] {g.mul(x.detach()).mul(2)});
        }, arrays(randn(960, 3)), new boolean[] {true}));
        assertTrue(e.getMessage().contains("gradgradcheck wrong"), e.getMessage());
    }
}
