package org.jgrad.cuda;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ValuesAndIndices;
import org.jgrad.cuda.BackendComparison.Output;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differentiable ops that have no kernel of their own but run through the backend's
 * elementwise and reduction primitives (log1p, expm1, clampMin/Max, leakyRelu, elu, hardtanh,
 * softplus, mish, geluTanh, maxAlong/minAlong): forward and backward on the backend under test
 * against the CPU, on random shapes and layouts. Each case runs {@code y = op(x)} and
 * {@code y.backward(G)} and compares y and dL/dx (and, for maxAlong/minAlong, the indices).
 * Inputs are normal with standard deviation 4, so that both sides of every kink and softplus's threshold are reached.
 */
public interface ActivationConformance extends Conformance {
    Map<String, UnaryOperator<Tensor>> OPS = Map.ofEntries(
            Map.entry("log1p", t -> t.abs().log1p()),   // |x|: inside the domain
            Map.entry("expm1", Tensor::expm1),
            Map.entry("clamp_min", t -> t.clampMin(-0.5)),
            Map.entry("clamp_max", t -> t.clampMax(0.5)),
            Map.entry("leaky_relu", t -> t.leakyRelu(0.01)),
            Map.entry("elu", t -> t.elu(1.5)),
            Map.entry("hardtanh", t -> t.hardtanh(-1, 2)),
            Map.entry("softplus", t -> t.softplus(2, 5)),
            Map.entry("mish", Tensor::mish),
            Map.entry("gelu_tanh", Tensor::geluTanh));

    static Stream<Arguments> activationCases() {
        return Conformance.cases(OPS.keySet().stream().sorted().toArray(String[]::new), op -> FLOATS, 2, 1);
    }

    @ParameterizedTest(name = "{0} {1} case {2} large={3}")
    @MethodSource("org.jgrad.cuda.ActivationConformance#activationCases")
    default void activation(String op, DType dtype, int c, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed("activation " + op, dtype.ordinal(), c, large ? 1 : 0));
        int[] shape = Conformance.shape(r, large);
        double[] values = new double[org.jgrad.tensor.Reference.count(shape)];
        for (int i = 0; i < values.length; i++) values[i] = 4 * r.rnd.nextGaussian();
        NDArray x = r.array(values, shape, dtype, r.layout()).array();
        NDArray g = r.array(shape, dtype, r.layout(), false).array();
        compare().check(op + " " + dtype, (b, in, out) -> {
            Tensor t = Tensor.param(in[0]);
            Tensor y = OPS.get(op).apply(t);
            y.backward(in[1]);
            out[0].assign(y.data());
            out[1].assign(t.grad());
        }, List.of(x, g), List.of(Output.of(dtype, shape), Output.of(dtype, shape)), 8, false);
    }

    static Stream<Arguments> extremumCases() {
        return Conformance.cases(new String[] {"maxAlong", "minAlong"}, op -> FLOATS, 3, 1);
    }

    /** Values, int64 indices and the gradient, which goes to the chosen index only. */
    @ParameterizedTest(name = "{0} {1} case {2} large={3}")
    @MethodSource("org.jgrad.cuda.ActivationConformance#extremumCases")
    default void extremumAlongAnAxis(String op, DType dtype, int c, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed(op, dtype.ordinal(), c, large ? 1 : 0));
        int[] shape = large ? Conformance.shape(r, true) : new int[] {1 + r.rnd.nextInt(4), 1 + r.rnd.nextInt(5), 1 + r.rnd.nextInt(3)};
        int axis = r.rnd.nextInt(shape.length);
        boolean keepDim = r.rnd.nextBoolean();
        int[] reduced = shape.clone();
        reduced[axis] = 1;
        int[] outShape = keepDim ? reduced : removeAxis(shape, axis);
        NDArray x = r.array(shape, dtype, r.layout(), false).array();
        NDArray g = r.array(outShape, dtype, r.layout(), false).array();
        compare().check(op + " " + dtype + " axis " + axis + " keepDim " + keepDim, (b, in, out) -> {
            Tensor t = Tensor.param(in[0]);
            ValuesAndIndices vi = op.equals("maxAlong") ? t.maxAlong(axis, keepDim) : t.minAlong(axis, keepDim);
            vi.values().backward(in[1]);
            out[0].assign(vi.values().data());
            out[1].assign(vi.indices());
            out[2].assign(t.grad());
        }, List.of(x, g), List.of(Output.of(dtype, outShape), Output.of(DType.INT64, outShape), Output.of(dtype, shape)), 1, false);
    }

    private static int[] removeAxis(int[] shape, int axis) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, k = 0; i < shape.length; i++) if (i != axis) out[k++] = shape[i];
        return out;
    }
}
