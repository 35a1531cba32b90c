package org.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DropoutTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.9})
    void keptFractionAndScaleAreWithinStatisticalBounds(double p) {
        int n = 100_000;
        Dropout d = new Dropout(p, new Generator(42));
        float[] y = d.forward(Tensor.of(NDArray.ones(DType.FLOAT32, n))).data().toFloatArray();
        int kept = 0;
        float scale = (float) (1 / (1 - p));
        for (float v : y) {
            if (v != 0) {
                kept++;
                assertEquals(scale, v, 1e-6f * scale, "a kept element is scaled by 1/(1-p)");
            }
        }
        double sigma = Math.sqrt(n * p * (1 - p));
        assertEquals(n * (1 - p), kept, 5 * sigma, "kept count for p=" + p);
    }

    @Test
    void trainingOutputIsTheInputTimesTheSeededMaskOverOneMinusP() {
        double p = 0.3;
        NDArray x = NDArray.randn(new Generator(1), DType.FLOAT32, 6, 7);
        NDArray mask = NDArray.bernoulli(1 - p, new Generator(77), 6, 7);
        NDArray y = new Dropout(p, new Generator(77)).forward(Tensor.of(x)).data();
        assertTrue(y.allClose(x.mul(mask).div(1 - p), 1e-6, 1e-6));
    }

    @Test
    void identityInEvalAndForPZeroZerosForPOne() {
        Tensor x = Tensor.of(NDArray.randn(new Generator(2), DType.FLOAT32, 3, 4));
        Dropout d = new Dropout(0.5, new Generator(3));
        d.eval();
        assertSame(x, d.forward(x));
        assertSame(x, new Dropout(0.0, new Generator(3)).forward(x));
        NDArray zeros = new Dropout(1.0, new Generator(3)).forward(x).data();
        assertEquals(0.0, zeros.abs().sum().item());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
    }

    @Test
    void dropout2dDropsWholeChannels() {
        int n = 8, c = 16;
        NDArray x = NDArray.ones(DType.FLOAT32, n, c, 3, 3);
        NDArray y = new Dropout2d(0.5, new Generator(4)).forward(Tensor.of(x)).data();
        NDArray channelMax = y.max(new int[] {2, 3}, false), channelMin = y.min(new int[] {2, 3}, false);
        assertTrue(channelMax.allClose(channelMin, 0, 0), "every channel is all kept or all dropped");
        int kept = 0;
        for (float v : channelMax.toFloatArray()) {
            assertTrue(v == 0 || v == 2, "value " + v);
            if (v != 0) kept++;
        }
        assertTrue(kept > 0 && kept < n * c);
        NDArray mask = NDArray.bernoulli(0.5, new Generator(4), n, c, 1, 1);
        assertTrue(y.allClose(x.mul(mask).mul(2), 0, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout2d(0.5).forward(Tensor.of(NDArray.zeros(2, 3))));
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
    }
}
