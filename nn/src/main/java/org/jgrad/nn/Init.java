package org.jgrad.nn;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;

/**
 * Weight initialization, drawn from a Philox {@link Generator} so that a seed reproduces a model.
 * Fans follow PyTorch: for a weight of shape (out, in, k...) with receptive field r = Πk,
 * fan_in = in·r and fan_out = out·r.
 */
public final class Init {
    private Init() {}

    /** Nonlinearities and their gains (PyTorch's {@code calculate_gain}). */
    public enum Nonlinearity {
        LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU;

        /** gain: 1 for linear and sigmoid, 5/3 for tanh, √2 for relu, √(2 / (1 + a²)) for leaky relu with slope a. */
        public double gain(double negativeSlope) {
            return switch (this) {
                case LINEAR, SIGMOID -> 1.0;
                case TANH -> 5.0 / 3.0;
                case RELU -> Math.sqrt(2.0);
                case LEAKY_RELU -> Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
            };
        }
    }

    /** Which fan Kaiming initialization preserves: the forward pass's (in) or the backward pass's (out). */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** fan_in of a weight shape. */
    public static int fanIn(int[] shape) {
        requireMatrix("fan_in", shape);
        return shape[1] * receptiveField(shape);
    }

    /** fan_out of a weight shape. */
    public static int fanOut(int[] shape) {
        requireMatrix("fan_out", shape);
        return shape[0] * receptiveField(shape);
    }

    private static int receptiveField(int[] shape) {
        int r = 1;
        for (int i = 2; i < shape.length; i++) r *= shape[i];
        return r;
    }

    private static void requireMatrix(String what, int[] shape) {
        if (shape.length < 2)
            throw new IllegalArgumentException(what + ": needs a weight with at least 2 dimensions, got " + Shapes.format(shape));
    }

    /** U(lo, hi), float32. */
    public static NDArray uniform(Generator g, double lo, double hi, int... shape) {
        return NDArray.rand(g, DType.FLOAT32, shape).mul(hi - lo).add(lo);
    }

    /** N(mean, std²), float32. */
    public static NDArray normal(Generator g, double mean, double std, int... shape) {
        return NDArray.randn(g, DType.FLOAT32, shape).mul(std).add(mean);
    }

    /** Kaiming (He) uniform: U(-b, b) with b = gain·√(3 / fan). */
    public static NDArray kaimingUniform(Generator g, FanMode mode, Nonlinearity nl, double negativeSlope, int... shape) {
        double bound = nl.gain(negativeSlope) * Math.sqrt(3.0 / fan(mode, shape));
        return uniform(g, -bound, bound, shape);
    }

    /** Kaiming (He) normal: N(0, σ²) with σ = gain / √fan. */
    public static NDArray kaimingNormal(Generator g, FanMode mode, Nonlinearity nl, double negativeSlope, int... shape) {
        return normal(g, 0, nl.gain(negativeSlope) / Math.sqrt(fan(mode, shape)), shape);
    }

    /** Xavier (Glorot) uniform: U(-b, b) with b = gain·√(6 / (fan_in + fan_out)). */
    public static NDArray xavierUniform(Generator g, double gain, int... shape) {
        double bound = gain * Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
        return uniform(g, -bound, bound, shape);
    }

    /** Xavier (Glorot) normal: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)). */
    public static NDArray xavierNormal(Generator g, double gain, int... shape) {
        return normal(g, 0, gain * Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape))), shape);
    }

    /**
     * PyTorch's default for Linear and Conv weights: Kaiming uniform with leaky-relu slope √5,
     * which works out to U(-1/√fan_in, 1/√fan_in).
     */
    public static NDArray defaultWeight(Generator g, int... shape) {
        return kaimingUniform(g, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, Math.sqrt(5), shape);
    }

    /** PyTorch's default for Linear and Conv biases: U(-1/√fan_in, 1/√fan_in) with the weight's fan_in. */
    public static NDArray defaultBias(Generator g, int fanIn, int size) {
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        return uniform(g, -bound, bound, size);
    }

    private static int fan(FanMode mode, int[] shape) {
        int f = mode == FanMode.FAN_IN ? fanIn(shape) : fanOut(shape);
        if (f == 0) throw new IllegalArgumentException("kaiming: the " + mode + " of shape " + Shapes.format(shape) + " is 0");
        return f;
    }
}
