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
import org.jgrad.tensor.BFloat16;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Half;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each op family obeys the {@link Autocast} policy table with either low dtype (float16, bfloat16),
 * and the cast's backward hands gradients back in the input's dtype.
 */
class AutocastTest {
    private static final DType F16 = DType.FLOAT16, BF16 = DType.BFLOAT16, F32 = DType.FLOAT32, F64 = DType.FLOAT64;

    private static NDArray randn(long seed, DType dtype, int... shape) {
        return NDArray.randn(new Generator(seed), F32, shape).to(dtype);
    }

    /**
     * A tolerance of {@code n} roundings in {@code low}: n·ε, with ε the gap after 1 (2^-10 for
     * float16's 11 significant bits, 2^-7 for bfloat16's 8).
     */
    private static double roundings(int n, DType low) {
        return n * Math.scalb(1.0, low == F16 ? -10 : -7);
    }

    /** |actual - expected| ≤ tol·(1 + |expected|) everywhere. */
    private static void assertClose(NDArray expected, NDArray actual, double tol, String what) {
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++)
            assertTrue(Math.abs(a[i] - e[i]) <= tol * (1 + Math.abs(e[i])), what + " element " + i + ": " + a[i] + " vs " + e[i]);
    }

    /** y's values and the float32 parameters' gradients, with y.backward(ones) run after the scope. */
    private record Run(NDArray y, NDArray[] grads) {}

    private static Run run(DType low, java.util.function.Function<Tensor[], Tensor> f, NDArray... params) {
        Tensor[] leaves = new Tensor[params.length];
        for (int i = 0; i < params.length; i++) leaves[i] = Tensor.param(params[i]);
        Tensor y;
        try (var scope = low != null ? Autocast.enable(low) : Autocast.disable()) {
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

    /** Under autocast: output in the low dtype close to the float32 run; every gradient float32 and close to float32's. */
    private static void assertComputesInLow(DType low, String op, java.util.function.Function<Tensor[], Tensor> f, double tol, NDArray... params) {
        Run ref = run(null, f, params), amp = run(low, f, params);
        assertEquals(F32, ref.y().dtype(), op);
        assertEquals(low, amp.y().dtype(), op + " computes in " + low);
        assertClose(ref.y(), amp.y(), tol, op + " output");
        for (int i = 0; i < params.length; i++) {
            assertEquals(F32, amp.grads()[i].dtype(), op + " gradient of float32 input " + i);
            assertClose(ref.grads()[i], amp.grads()[i], tol, op + " gradient of input " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void matmulComputesInTheLowDTypeWithFloat32MasterWeights(DType low) {
        double tol = roundings(10, low);
        assertComputesInLow(low, "matmul", t -> t[0].matmul(t[1]), tol, randn(1, F32, 4, 16), randn(2, F32, 16, 3));
        assertComputesInLow(low, "batched matmul", t -> t[0].matmul(t[1]), tol, randn(3, F32, 2, 4, 8), randn(4, F32, 8, 5));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void convolutionsComputeInTheLowDTypeWithFloat32MasterWeights(DType low) {
        Conv2dParams p = Conv2dParams.DEFAULT.stride(2).padding(1);
        double tol = roundings(10, low);
        assertComputesInLow(low, "conv2d", t -> t[0].conv2d(t[1], t[2], p), tol,
                randn(5, F32, 2, 3, 7, 7), randn(6, F32, 4, 3, 3, 3), randn(7, F32, 4));
        assertComputesInLow(low, "conv_transpose2d", t -> t[0].convTranspose2d(t[1], t[2], Conv2dParams.DEFAULT), tol,
                randn(8, F32, 2, 3, 4, 4), randn(9, F32, 3, 2, 3, 3), randn(10, F32, 2));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void binaryElementwiseOpsComputeInTheLowDTypeWhenEitherInputIsLow(DType low) {
        Map<String, BinaryOperator<Tensor>> ops = new LinkedHashMap<>();
        ops.put("add", Tensor::add);
        ops.put("sub", Tensor::sub);
        ops.put("mul", Tensor::mul);
        ops.put("div", Tensor::div);
        ops.put("pow", (a, b) -> a.abs().add(0.5).pow(b));
        ops.put("maximum", Tensor::maximum);
        ops.put("minimum", Tensor::minimum);
        ops.put("where", (a, b) -> Tensor.where(a.data().gt(0), a, b));
        double tol = roundings(20, low);
        for (var op : ops.entrySet()) {
            // an activation (low dtype) with a float32 parameter, in either order, and broadcast
            NDArray half = randn(11, low, 3, 4), single = randn(12, F32, 4);
            assertComputesInLow(low, op.getKey(), t -> op.getValue().apply(t[0].to(low), t[1]), tol, half.to(F32), single);
            assertComputesInLow(low, op.getKey() + " (float32 first)", t -> op.getValue().apply(t[1], t[0].to(low)), tol, half.to(F32), single);
            try (var scope = Autocast.enable(low)) {
                assertEquals(F32, op.getValue().apply(Tensor.of(randn(13, F32, 3, 4)), Tensor.of(single)).dtype(),
                        op.getKey() + ": float32 with float32 stays float32 (e.g. normalization statistics)");
                assertEquals(F64, op.getValue().apply(Tensor.of(randn(13, F64, 3, 4)), Tensor.of(single)).dtype(), op.getKey() + " float64");
            }
            assertEquals(F32, op.getValue().apply(Tensor.of(half), Tensor.of(single)).dtype(), op.getKey() + ": without autocast the usual promotion");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void unaryElementwiseOpsAndPoolingRunInTheirInputsDType(DType low) {
        Map<String, UnaryOperator<Tensor>> ops = new LinkedHashMap<>();
        ops.put("relu", Tensor::relu);
        ops.put("exp", Tensor::exp);
        ops.put("sigmoid", Tensor::sigmoid);
        ops.put("clamp", t -> t.clamp(-1, 1));
        ops.put("max_pool2d", t -> t.maxPool2d(Pool2dParams.kernel(2).stride(2)));
        ops.put("avg_pool2d", t -> t.avgPool2d(Pool2dParams.kernel(2).stride(2)));
        ops.put("reshape", t -> t.reshape(-1));
        ops.put("cat", t -> Tensor.cat(0, t, t));
        try (var scope = Autocast.enable(low)) {
            for (var op : ops.entrySet()) {
                for (DType t : new DType[] {low, F32}) {
                    assertEquals(t, op.getValue().apply(Tensor.param(randn(14, t, 1, 2, 4, 4))).dtype(), op.getKey() + " on " + t);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void reductionsAndSoftmaxComputeInFloat32(DType low) {
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
            NDArray x = randn(15, low, 4, 6);
            Tensor leaf = Tensor.param(x), y;
            try (var scope = Autocast.enable(low)) {
                y = op.getValue().apply(leaf);
                assertEquals(F64, op.getValue().apply(Tensor.of(x.to(F64))).dtype(), op.getKey() + " keeps float64");
            }
            assertEquals(F32, y.dtype(), op.getKey() + " computes in float32");
            Tensor reference = op.getValue().apply(Tensor.of(x.to(F32)));
            assertClose(reference.data(), y.data(), 1e-6, op.getKey() + " equals the float32 op on the widened input");
            y.backward(NDArray.ones(F32, y.shape()));
            assertEquals(low, leaf.grad().dtype(), op.getKey() + ": a " + low + " input gets a " + low + " gradient");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void fullPrecisionRaisesOnlyHalfTypes(DType low) {
        DType other = low == F16 ? BF16 : F16;
        Tensor half = Tensor.of(randn(16, low, 3)), otherHalf = Tensor.of(randn(16, other, 3));
        Tensor single = Tensor.of(randn(17, F32, 3)), dbl = Tensor.of(randn(17, F64, 3));
        assertSame(half, Autocast.fullPrecision(half), "off: unchanged");
        try (var scope = Autocast.enable(low)) {
            assertEquals(F32, Autocast.fullPrecision(half).dtype());
            assertEquals(F32, Autocast.fullPrecision(otherHalf).dtype(), other + " under " + low + " autocast, as PyTorch's float32 ops");
            assertSame(single, Autocast.fullPrecision(single));
            assertSame(dbl, Autocast.fullPrecision(dbl));
        }
    }

    /** {@code v} rounded to nearest even in {@code low} and widened back, by the scalar conversions of {@link Half} and {@link BFloat16}. */
    private static double roundedTo(DType low, double v) {
        return low == F16 ? Half.toFloat(Half.fromFloat((float) v)) : BFloat16.toFloat(BFloat16.fromFloat((float) v));
    }

    /** Each element of {@code actual} is {@code expected}'s rounded once to {@code low}. */
    private static void assertRoundedOnce(DType low, NDArray expected, NDArray actual, String what) {
        assertEquals(low, actual.dtype(), what);
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) assertEquals(roundedTo(low, e[i]), a[i], what + " element " + i + " of " + e[i]);
    }

    /**
     * The cast's backward is the identity, converted back: down to the low dtype and the gradient
     * is widened exactly; up from it (or across to the other half type) and the gradient is
     * rounded once. A narrowing cast is a step function at finite differences' ε, so these exact
     * checks stand in for GradCheck (see CastSpecs).
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void castBackwardConvertsTheGradientBack(DType low) {
        NDArray master = randn(18, F32, 5);
        Tensor w = Tensor.param(master);
        Tensor h = w.to(low);
        assertRoundedOnce(low, master, h.data(), "float32 to " + low + " forward");
        NDArray g = randn(19, low, 5);
        h.backward(g);
        assertEquals(F32, w.grad().dtype());
        assertClose(g.to(F32), w.grad(), 0, "the identity backward, widened exactly");

        for (DType wider : new DType[] {F32, F64, low == F16 ? BF16 : F16}) {
            Tensor x = Tensor.param(randn(20, low, 4));
            Tensor y = x.to(wider);
            NDArray gy = randn(21, F32, 4).to(wider);
            y.backward(gy);
            assertRoundedOnce(low, gy, x.grad(), low + " to " + wider + ": the gradient comes back in " + low);
        }
    }

    @Test
    void castBackwardBetweenFloat64AndFloat32AndToIntegers() {
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
        try (var outer = Autocast.enable(BF16); var inner = Autocast.enable(F16)) {
            assertEquals(F16, Autocast.lowDType(), "the innermost scope's dtype");
        }
        assertFalse(Autocast.isEnabled());
    }

    @Test
    void onlyTheHalfTypesCanBeTheLowDType() {
        for (DType bad : new DType[] {F32, F64, DType.INT32, DType.BOOL, null}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Autocast.enable(bad));
            assertTrue(e.getMessage().startsWith("Autocast.enable:") && e.getMessage().contains("float16 or bfloat16")
                    && e.getMessage().endsWith("got " + bad), e.getMessage());
        }
        assertFalse(Autocast.isEnabled(), "a rejected dtype opens no scope");
    }
}
