package org.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jgrad.nn.Init.FanMode;
import org.jgrad.nn.Init.Nonlinearity;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/**
 * Init's distributions checked by their statistics on large tensors, within 5 standard errors:
 * for n draws with standard deviation σ the sample mean has standard error σ/√n; the sample
 * variance of a normal has standard error σ²·√(2/n), of U(−b, b) (fourth moment b⁴/5) it has
 * √((b⁴/5 − b⁴/9)/n) = b²·√(4/45n).
 */
class InitTest {
    private static final int[] CONV = {256, 128, 3, 3}; // fan_in 1152, fan_out 2304, 294,912 values
    private static final int[] LINEAR = {300, 700};     // fan_in 700, fan_out 300, 210,000 values

    private record Stats(int n, double mean, double var, double maxAbs) {}

    private static Stats stats(NDArray a) {
        assertEquals(DType.FLOAT32, a.dtype());
        float[] v = a.toFloatArray();
        double sum = 0, max = 0;
        for (float x : v) {
            sum += x;
            max = Math.max(max, Math.abs(x));
        }
        double mean = sum / v.length, ss = 0;
        for (float x : v) ss += (x - mean) * (x - mean);
        return new Stats(v.length, mean, ss / (v.length - 1), max);
    }

    private static void assertNormal(NDArray a, double std, String what) {
        Stats s = stats(a);
        double meanTol = 5 * std / Math.sqrt(s.n), varTol = 5 * std * std * Math.sqrt(2.0 / s.n);
        assertEquals(0, s.mean, meanTol, what + ": mean");
        assertEquals(std * std, s.var, varTol, what + ": variance, std " + Math.sqrt(s.var) + " vs " + std);
    }

    private static void assertUniform(NDArray a, double bound, String what) {
        Stats s = stats(a);
        double meanTol = 5 * bound / Math.sqrt(3 * s.n), varTol = 5 * bound * bound * Math.sqrt(4.0 / (45 * s.n));
        assertEquals(0, s.mean, meanTol, what + ": mean");
        assertEquals(bound * bound / 3, s.var, varTol, what + ": variance");
        assertTrue(s.maxAbs <= bound * (1 + 1e-6), what + ": " + s.maxAbs + " beyond the bound " + bound);
        assertTrue(s.maxAbs >= bound * 0.999, what + ": the largest |value| " + s.maxAbs + " falls short of the bound " + bound);
    }

    @Test
    void fansOfLinearAndConvWeights() {
        assertEquals(700, Init.fanIn(LINEAR));
        assertEquals(300, Init.fanOut(LINEAR));
        assertEquals(128 * 9, Init.fanIn(CONV));
        assertEquals(256 * 9, Init.fanOut(CONV));
        assertEquals(3 * 5, Init.fanIn(new int[] {4, 3, 5}));      // conv1d (out, in, k)
        assertEquals(4 * 5, Init.fanOut(new int[] {4, 3, 5}));
        assertEquals(2 * 27, Init.fanIn(new int[] {8, 2, 3, 3, 3})); // conv3d
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.fanIn(new int[] {5}));
        assertTrue(e.getMessage().contains("(5)"), e.getMessage());
    }

    @Test
    void gainsAreTorchsCalculateGain() {
        assertEquals(1.0, Nonlinearity.LINEAR.gain(0));
        assertEquals(1.0, Nonlinearity.SIGMOID.gain(0));
        assertEquals(5.0 / 3, Nonlinearity.TANH.gain(0), 1e-15);
        assertEquals(Math.sqrt(2), Nonlinearity.RELU.gain(0), 1e-15);
        assertEquals(Math.sqrt(2 / 1.0001), Nonlinearity.LEAKY_RELU.gain(0.01), 1e-15);
        assertEquals(Math.sqrt(1 / 3.0), Nonlinearity.LEAKY_RELU.gain(Math.sqrt(5)), 1e-15);
    }

    @Test
    void kaimingNormalHasStdGainOverRootFan() {
        Generator g = new Generator(1);
        assertNormal(Init.kaimingNormal(g, FanMode.FAN_IN, Nonlinearity.RELU, 0, CONV), Math.sqrt(2) / Math.sqrt(1152), "kaiming normal fan_in relu");
        assertNormal(Init.kaimingNormal(g, FanMode.FAN_OUT, Nonlinearity.LEAKY_RELU, 0.2, CONV),
                Math.sqrt(2 / 1.04) / Math.sqrt(2304), "kaiming normal fan_out leaky 0.2");
        assertNormal(Init.kaimingNormal(g, FanMode.FAN_IN, Nonlinearity.LINEAR, 0, LINEAR), 1 / Math.sqrt(700), "kaiming normal linear");
    }

    @Test
    void kaimingUniformHasBoundGainTimesRootThreeOverFan() {
        Generator g = new Generator(2);
        assertUniform(Init.kaimingUniform(g, FanMode.FAN_IN, Nonlinearity.RELU, 0, CONV), Math.sqrt(2) * Math.sqrt(3.0 / 1152), "kaiming uniform fan_in relu");
        assertUniform(Init.kaimingUniform(g, FanMode.FAN_OUT, Nonlinearity.TANH, 0, LINEAR), 5.0 / 3 * Math.sqrt(3.0 / 300), "kaiming uniform fan_out tanh");
    }

    @Test
    void xavierUsesBothFans() {
        Generator g = new Generator(3);
        assertNormal(Init.xavierNormal(g, 1, LINEAR), Math.sqrt(2.0 / (700 + 300)), "xavier normal");
        assertNormal(Init.xavierNormal(g, 5.0 / 3, CONV), 5.0 / 3 * Math.sqrt(2.0 / (1152 + 2304)), "xavier normal conv gain 5/3");
        assertUniform(Init.xavierUniform(g, 1, LINEAR), Math.sqrt(6.0 / 1000), "xavier uniform");
        assertUniform(Init.xavierUniform(g, Math.sqrt(2), CONV), Math.sqrt(2) * Math.sqrt(6.0 / (1152 + 2304)), "xavier uniform conv gain √2");
    }

    @Test
    void linearDefaultIsUniformOnOneOverRootFanIn() {
        int in = 500, out = 400;
        Linear lin = new Linear(in, out, true, new Generator(4));
        double bound = 1 / Math.sqrt(in);
        assertUniform(lin.weight().data(), bound, "Linear weight");
        for (float b : lin.bias().data().toFloatArray()) assertTrue(Math.abs(b) <= bound, "bias " + b + " beyond ±1/√in");
        Stats bias = stats(lin.bias().data());
        assertEquals(0, bias.mean, 5 * bound / Math.sqrt(3 * out), "bias mean");
        assertUniform(Init.defaultWeight(new Generator(5), CONV), 1 / Math.sqrt(1152), "conv default weight");
    }

    @Test
    void aSeedReproducesTheDrawsAndDifferentSeedsDiffer() {
        NDArray a = Init.kaimingNormal(new Generator(42), FanMode.FAN_IN, Nonlinearity.RELU, 0, 64, 32);
        NDArray b = Init.kaimingNormal(new Generator(42), FanMode.FAN_IN, Nonlinearity.RELU, 0, 64, 32);
        NDArray c = Init.kaimingNormal(new Generator(43), FanMode.FAN_IN, Nonlinearity.RELU, 0, 64, 32);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
        assertFalse(Arrays.equals(a.toFloatArray(), c.toFloatArray()));
        Generator g = new Generator(42);
        NDArray first = Init.xavierUniform(g, 1, 16, 16), second = Init.xavierUniform(g, 1, 16, 16);
        assertFalse(Arrays.equals(first.toFloatArray(), second.toFloatArray()), "one generator advances between draws");
        Linear l1 = new Linear(8, 4, true, new Generator(7)), l2 = new Linear(8, 4, true, new Generator(7));
        assertArrayEquals(l1.weight().data().toFloatArray(), l2.weight().data().toFloatArray(), 0f);
        assertArrayEquals(l1.bias().data().toFloatArray(), l2.bias().data().toFloatArray(), 0f);
    }
}
