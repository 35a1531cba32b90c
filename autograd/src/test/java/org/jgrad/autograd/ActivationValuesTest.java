package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** The new activations' values in float64 against formulas evaluated independently with java.lang.Math. */
class ActivationValuesTest {
    private static final double[] XS = {-40, -20, -5, -1.5, -1, -0.3, -1e-5, -1e-12, 0, 1e-300, 1e-12, 1e-5, 0.3, 1, 1.5, 5, 20, 40, 700};

    private static void matches(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator reference, double ulps) {
        double[] got = op.apply(Tensor.of(NDArray.of(XS))).data().toDoubleArray();
        for (int i = 0; i < XS.length; i++) {
            double want = reference.applyAsDouble(XS[i]);
            double tolerance = ulps * Math.ulp(want) + Double.MIN_VALUE;
            assertTrue(Math.abs(got[i] - want) <= tolerance || Double.compare(got[i], want) == 0,
                    name + "(" + XS[i] + ") = " + got[i] + ", expected " + want + " (" + (Math.abs(got[i] - want) / Math.ulp(want)) + " ulps)");
        }
    }

    @Test
    void log1pAndExpm1AreAccurateForTinyArguments() {
        matches("log1p", Tensor::log1p, Math::log1p, 2);
        matches("expm1", Tensor::expm1, Math::expm1, 2);
        assertEquals(Double.POSITIVE_INFINITY, Tensor.of(NDArray.of(Double.POSITIVE_INFINITY)).log1p().item());
        assertEquals(-1, Tensor.of(NDArray.of(Double.NEGATIVE_INFINITY)).expm1().item());
    }

    @Test
    void smoothActivationsMatchTheirFormulas() {
        matches("softplus", Tensor::softplus, x -> x > 20 ? x : Math.log1p(Math.exp(x)), 4);
        matches("softplus(beta 2, threshold 3)", t -> t.softplus(2, 3), x -> 2 * x > 3 ? x : Math.log1p(Math.exp(2 * x)) / 2, 4);
        matches("mish", Tensor::mish, x -> x * Math.tanh(Math.log1p(Math.exp(x))), 4);
        double c = Math.sqrt(2 / Math.PI);
        matches("gelu_tanh", Tensor::geluTanh, x -> 0.5 * x * (1 + Math.tanh(c * (x + 0.044715 * x * x * x))), 4);
        matches("elu", t -> t.elu(0.7), x -> x > 0 ? x : 0.7 * Math.expm1(x), 4);
        matches("leaky_relu", t -> t.leakyRelu(0.2), x -> x > 0 ? x : 0.2 * x, 0);
        matches("hardtanh", t -> t.hardtanh(-2, 3), x -> Math.max(-2, Math.min(3, x)), 0);
        matches("clamp_min", t -> t.clampMin(0.5), x -> Math.max(0.5, x), 0);
        matches("clamp_max", t -> t.clampMax(0.5), x -> Math.min(0.5, x), 0);
    }

    @Test
    void float32InputsGiveFloat32Results() {
        Tensor x = Tensor.of(NDArray.of(1e-6f, -0.5f, 2f));
        assertEquals(DType.FLOAT32, x.log1p().dtype());
        assertEquals((float) Math.log1p(1e-6), (float) x.log1p().data().toDoubleArray()[0]);
        assertEquals((float) Math.expm1(1e-6), (float) x.expm1().data().toDoubleArray()[0]);
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor x = Tensor.of(NDArray.of(1.0));
        assertEquals("softplus: beta must be > 0, got 0.0", assertThrows(IllegalArgumentException.class, () -> x.softplus(0, 20)).getMessage());
        assertEquals("hardtanh: min 1.0 must be <= max -1.0", assertThrows(IllegalArgumentException.class, () -> x.hardtanh(1, -1)).getMessage());
        assertEquals("maxAlong: needs an axis to reduce, got a rank-0 tensor",
                assertThrows(IllegalArgumentException.class, () -> Tensor.of(NDArray.scalar(1.0, DType.FLOAT64)).maxAlong(0, false)).getMessage());
    }
}
