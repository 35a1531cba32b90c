package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/** Each op family obeys the {@link Autocast} policy table, and the cast's backward hands gradients back in the input's dtype. */
class AutocastTest {
    private static final DType F16 = DType.FLOAT16, F32 = DType.FLOAT32, F64 = DType.FLOAT64;

    private static NDArray randn(long seed, DType dtype, int... shape) {
        return NDArray.randn(new Generator(seed), F32, shape).to(dtype);
    }

    /** |actual - expected| ≤ tol·(1 + |expected|) everywhere (float16 keeps 11 significant bits). */
    private static void assertClose(NDArray expected, NDArray actual, double tol, String what) {
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++)
            assertTrue(Math.abs(a[i] - e[i]) <= tol * (1 + Math.abs(e[i])), what + " element " + i + ": " + a[i] + " vs " + e[i]);
    }

    /** y's values and the float32 parameters' gradients, with y.backward(ones) run after the scope. */
    private record Run(NDArray y, NDArray[] grads) {}

    private static Run run(boolean autocast, java.util.function.Function<Tensor[], Tensor> f, NDArray... params) {
        Tensor[] leaves = new Tensor[params.length];
        for (int i = 0; i < params.length; i++) leaves[i] = Tensor.param(params[i]);
        Tensor y;
        try (var scope = autocast ? Autocast.enable(F16) : Autocast.disable()) {
            y = f.apply(leaves);
        }
        y.backward(NDArray.ones(y.dtype(), y.shape()));
        NDArray[] grads = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            assertSame(params[i], leaves[i].data(), "the master weights stay the same float32 arrays");
            grads[i] = leaves[i].grad();
        }
        return new Run(y.data(), grads);
    }

    /** Under autocast: output float16 close to the float32 run; every gradient float32 and close to float32's. */
    private static void assertComputesInFloat16(String op, java.util.function.Function<Tensor[], Tensor> f, double tol, NDArray... params) {
        Run ref = run(false, f, params), amp = run(true, f, params);
        assertEquals(F32, ref.y().dtype(), op);
        assertEquals(F16, amp.y().dtype(), op + " computes in float16");
        assertClose(ref.y(), amp.y(), tol, op + " output");
        for (int i = 0; i < params.length; i++) {
            assertEquals(F32, amp.grads()[i].dtype(), op + " gradient of float32 input " + i);
            assertClose(ref.grads()[i], amp.grads()[i], tol, op + " gradient of input " + i);
        }
    }

    @Test
    void matmulComputesInFloat16WithFloat32MasterWeights() {
        assertComputesInFloat16("matmul", t -> t[0].matmul(t[1]), 1e-2, randn(1, F32, 4, 16), randn(2, F32, 16, 3));
        assertComputesInFloat16("batched matmul", t -> t[0].matmul(t[1]), 1e-2, randn(3, F32, 2, 4, 8), randn(4, F32, 8, 5));
    }

    @Test
    void convolutionsComputeInFloat16WithFloat32MasterWeights() {
        Conv2dParams p = Conv2dParams.of(2, 1, 1, 1);
        assertComputesInFloat16("conv2d", t -> t[0].conv2d(t[1], t[2], p), 1e-2,
                randn(5, F32, 2, 3, 7, 7), randn(6, F32, 4, 3, 3, 3), randn(7, F32, 4));
        assertComputesInFloat16("conv_transpose2d", t -> t[0].convTranspose2d(t[1], t[2], Conv2dParams.DEFAULT, 0, 0), 1e-2,
                randn(8, F32, 2, 3, 4, 4), randn(9, F32, 3, 2, 3, 3), randn(10, F32, 2));
    }

    @Test
    void binaryElementwiseOpsComputeInFloat16WhenEitherInputIsFloat16() {
        Map<String, BinaryOperator<Tensor>> ops = new LinkedHashMap<>();
        ops.put("add", Tensor::add);
        ops.put("sub", Tensor::sub);
        ops.put("mul", Tensor::mul);
        ops.put("div", Tensor::div);
        ops.put("pow", (a, b) -> a.abs().add(0.5).pow(b));
        ops.put("maximum", Tensor::maximum);
        ops.put("minimum", Tensor::minimum);
        ops.put("where", (a, b) -> Tensor.where(a.data().gt(0), a, b));
        for (var op : ops.entrySet()) {
            // an activation (float16) with a float32 parameter, in either order, and broadcast
            NDArray half = randn(11, F16, 3, 4), single = randn(12, F32, 4);
            assertComputesInFloat16(op.getKey(), t -> op.getValue().apply(t[0].to(F16), t[1]), 2e-2, half.to(F32), single);
            assertComputesInFloat16(op.getKey() + " (float32 first)", t -> op.getValue().apply(t[1], t[0].to(F16)), 2e-2, half.to(F32), single);
            try (var scope = Autocast.enable(F16)) {
                assertEquals(F32, op.getValue().apply(Tensor.of(randn(13, F32, 3, 4)), Tensor.of(single)).dtype(),
                        op.getKey() + ": float32 with float32 stays float32 (e.g. normalization statistics)");
                assertEquals(F64, op.getValue().apply(Tensor.of(randn(13, F64, 3, 4)), Tensor.of(single)).dtype(), op.getKey() + " float64");
            }
            assertEquals(F32, op.getValue().apply(Tensor.of(half), Tensor.of(single)).dtype(), op.getKey() + ": without autocast the usual promotion");
        }
    }

    @Test
    void unaryElementwiseOpsAndPoolingRunInTheirInputsDType() {
        Map<String, UnaryOperator<Tensor>> ops = new LinkedHashMap<>();
        ops.put("relu", Tensor::relu);
        ops.put("exp", Tensor::exp);
        ops.put("sigmoid", Tensor::sigmoid);
        ops.put("clamp", t -> t.clamp(-1, 1));
        ops.put("max_pool2d", t -> t.maxPool2d(Pool2dParams.of(2, 2, 0)));
        ops.put("avg_pool2d", t -> t.avgPool2d(Pool2dParams.of(2, 2, 0)));
        ops.put("reshape", t -> t.reshape(-1));
        ops.put("cat", t -> Tensor.cat(0, t, t));
        try (var scope = Autocast.enable(F16)) {
            for (var op : ops.entrySet()) {
                for (DType t : new DType[] {F16, F32}) {
                    assertEquals(t, op.getValue().apply(Tensor.param(randn(14, t, 1, 2, 4, 4))).dtype(), op.getKey() + " on " + t);
                }
            }
        }
    }

    @Test
    void reductionsAndSoftmaxComputeInFloat32() {
        Map<String, UnaryOperator<Tensor>> ops = new LinkedHashMap<>();
        ops.put("sum", Tensor::sum);
        ops.put("mean", t -> t.mean(1));
        ops.put("max", Tensor::max);
        ops.put("min", t -> t.min(new int[] {0}, true));
        ops.put("var", t -> t.var(new int[] {0}, 0, true));
        ops.put("std", t -> t.std(new int[] {1}, 1, false));
        ops.put("logsumexp", t -> t.logsumexp(new int[] {1}, false));
        ops.put("softmax", t -> t.softmax(1));
        ops.put("log_softmax", t -> t.logSoftmax(1));
        for (var op : ops.entrySet()) {
            NDArray x = randn(15, F16, 4, 6);
            Tensor leaf = Tensor.param(x), y;
            try (var scope = Autocast.enable(F16)) {
                y = op.getValue().apply(leaf);
                assertEquals(F64, op.getValue().apply(Tensor.of(x.to(F64))).dtype(), op.getKey() + " keeps float64");
            }
            assertEquals(F32, y.dtype(), op.getKey() + " computes in float32");
            Tensor reference = op.getValue().apply(Tensor.of(x.to(F32)));
            assertClose(reference.data(), y.data(), 1e-6, op.getKey() + " equals the float32 op on the widened input");
            y.backward(NDArray.ones(F32, y.shape()));
            assertEquals(F16, leaf.grad().dtype(), op.getKey() + ": a float16 input gets a float16 gradient");
        }
    }

    @Test
    void fullPrecisionRaisesOnlyTheLowDType() {
        Tensor half = Tensor.of(randn(16, F16, 3)), single = Tensor.of(randn(17, F32, 3));
        assertSame(half, Autocast.fullPrecision(half), "off: unchanged");
        try (var scope = Autocast.enable(F16)) {
            assertEquals(F32, Autocast.fullPrecision(half).dtype());
            assertSame(single, Autocast.fullPrecision(single));
        }
    }

    @Test
    void castBackwardConvertsTheGradientBackExactly() {
        Tensor w = Tensor.param(randn(18, F32, 5));
        Tensor h = w.to(F16);
        assertEquals(F16, h.dtype());
        assertEquals(randn(18, F32, 5).to(F16).toString(), h.data().toString(), "rounded once to nearest even");
        NDArray g = randn(19, F16, 5);
        h.backward(g);
        assertEquals(F32, w.grad().dtype());
        assertClose(g.to(F32), w.grad(), 0, "the identity backward, widened exactly");

        Tensor x = Tensor.param(randn(20, F64, 4));
        Tensor y = x.to(F32);
        NDArray gy = randn(21, F32, 4);
        y.backward(gy);
        assertEquals(F64, x.grad().dtype());
        assertClose(gy.to(F64), x.grad(), 0, "float32 gradient widened to float64");

        Tensor ints = x.to(DType.INT64);
        assertFalse(ints.requiresGrad(), "a cast to integers is a constant");
    }

    @Test
    void scopesNestAndRestore() {
        assertFalse(Autocast.isEnabled());
        try (var outer = Autocast.enable(F16)) {
            assertEquals(F16, Autocast.lowDType());
            try (var inner = Autocast.disable()) {
                assertFalse(Autocast.isEnabled());
                assertEquals(F32, Tensor.of(randn(22, F32, 2, 2)).matmul(Tensor.of(randn(23, F32, 2, 2))).dtype(), "disabled inside");
            }
            assertTrue(Autocast.isEnabled());
        }
        assertFalse(Autocast.isEnabled());
        var e = assertThrows(IllegalArgumentException.class, () -> Autocast.enable(F32));
        assertTrue(e.getMessage().contains("float16") && e.getMessage().contains("float32"), e.getMessage());
    }
}
