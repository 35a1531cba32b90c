package org.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    /** Per-channel mean and unbiased variance of x (N, C, H, W), computed with plain loops. */
    private static double[][] channelStats(double[] x, int n, int c, int hw) {
        double[] mean = new double[c], var = new double[c];
        int count = n * hw;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) for (int k = 0; k < hw; k++) s += x[(b * c + ch) * hw + k];
            mean[ch] = s / count;
            double ss = 0;
            for (int b = 0; b < n; b++) for (int k = 0; k < hw; k++) ss += Math.pow(x[(b * c + ch) * hw + k] - mean[ch], 2);
            var[ch] = ss / (count - 1);
        }
        return new double[][] {mean, var};
    }

    @Test
    void runningStatisticsFollowTheMomentumFormulaAndEvalUsesThem() {
        int n = 4, c = 3, h = 2, w = 3, hw = h * w;
        BatchNorm2d bn = new BatchNorm2d(c);
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.namedBuffers().keySet()));
        assertEquals(DType.INT64, bn.namedBuffers().get("num_batches_tracked").dtype());
        double[] runMean = {0, 0, 0}, runVar = {1, 1, 1};
        Generator g = new Generator(5);
        for (int step = 0; step < 5; step++) {
            NDArray x = NDArray.randn(g, DType.FLOAT32, n, c, h, w).mul(1 + step).add(step - 2);
            Tensor y = bn.forward(Tensor.of(x));
            double[][] stats = channelStats(x.to(DType.FLOAT64).toDoubleArray(), n, c, hw);
            for (int ch = 0; ch < c; ch++) {
                runMean[ch] = 0.9 * runMean[ch] + 0.1 * stats[0][ch];
                runVar[ch] = 0.9 * runVar[ch] + 0.1 * stats[1][ch];
            }
            // training output: normalized with the biased batch variance, so per channel mean 0 and biased variance ≈ 1
            NDArray ym = y.data().mean(new int[] {0, 2, 3}, false), yv = y.data().var(new int[] {0, 2, 3}, 0, false);
            for (int ch = 0; ch < c; ch++) {
                assertEquals(0, ym.getDouble(ch), 1e-5);
                double biased = stats[1][ch] * (n * hw - 1) / (n * hw);
                assertEquals(biased / (biased + 1e-5), yv.getDouble(ch), 1e-4);
            }
        }
        for (int ch = 0; ch < c; ch++) {
            assertEquals(runMean[ch], bn.runningMean().getDouble(ch), 1e-5, "running_mean");
            assertEquals(runVar[ch], bn.runningVar().getDouble(ch), 1e-5, "running_var");
        }
        assertEquals(5, bn.numBatchesTracked());

        bn.eval();
        NDArray x = NDArray.randn(g, DType.FLOAT32, 2, c, h, w);
        NDArray y = bn.forward(Tensor.of(x)).data();
        double[] xs = x.to(DType.FLOAT64).toDoubleArray(), ys = y.to(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            int ch = (i / hw) % c;
            assertEquals((xs[i] - runMean[ch]) / Math.sqrt(runVar[ch] + 1e-5), ys[i], 1e-4);
        }
        assertEquals(5, bn.numBatchesTracked(), "eval does not update the statistics");
        assertEquals(runMean[0], bn.runningMean().getDouble(0), 1e-5);
    }

    @Test
    void batchNorm1dOnTwoAndThreeDimensionalInput() {
        BatchNorm1d bn = new BatchNorm1d(2);
        NDArray x = NDArray.of(new double[] {1, 10, 3, 20, 5, 60}).reshape(3, 2).to(DType.FLOAT32);
        bn.forward(Tensor.of(x));
        assertEquals(0.9 * 0 + 0.1 * 3, bn.runningMean().getDouble(0), 1e-6);
        assertEquals(0.9 * 0 + 0.1 * 30, bn.runningMean().getDouble(1), 1e-5);
        assertEquals(0.9 + 0.1 * 4, bn.runningVar().getDouble(0), 1e-5); // unbiased var of 1, 3, 5 is 4
        assertEquals(0.9 + 0.1 * 700, bn.runningVar().getDouble(1), 1e-3); // of 10, 20, 60: (400 + 100 + 900) / 2
        NDArray y3 = new BatchNorm1d(2).forward(Tensor.of(NDArray.randn(new Generator(1), DType.FLOAT32, 4, 2, 5))).data();
        assertEquals(0, y3.mean(new int[] {0, 2}, false).getDouble(1), 1e-5);
        var e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.of(NDArray.zeros(3, 4))));
        assertTrue(e.getMessage().contains("BatchNorm1d(2)") && e.getMessage().contains("(3, 4)"), e.getMessage());
        var one = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.of(NDArray.zeros(1, 2))));
        assertTrue(one.getMessage().contains("more than 1 value per channel"), one.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.of(NDArray.zeros(2, 3, 4))));
        assertTrue(e2.getMessage().contains("(N, 3, H, W)") && e2.getMessage().contains("(2, 3, 4)"), e2.getMessage());
    }

    @Test
    void withoutRunningStatisticsBatchStatisticsAreUsedInBothModes() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, true, false);
        assertTrue(bn.namedBuffers().isEmpty());
        assertNull(bn.runningMean());
        NDArray x = NDArray.randn(new Generator(2), DType.FLOAT32, 3, 2, 2, 2).mul(3).add(7);
        NDArray train = bn.forward(Tensor.of(x)).data();
        bn.eval();
        NDArray eval = bn.forward(Tensor.of(x)).data();
        assertTrue(train.allClose(eval, 1e-6, 1e-6));
        assertEquals(0, eval.mean(new int[] {0, 2, 3}, false).getDouble(0), 1e-5);
    }

    @Test
    void layerNormNormalizesTheTrailingAxes() {
        LayerNorm ln = new LayerNorm(2, 3);
        ln.weight().setData(NDArray.full(2, DType.FLOAT32, 2, 3));
        ln.bias().setData(NDArray.full(-1, DType.FLOAT32, 2, 3));
        NDArray x = NDArray.randn(new Generator(3), DType.FLOAT32, 4, 2, 3);
        double[] xs = x.to(DType.FLOAT64).toDoubleArray(), ys = ln.forward(Tensor.of(x)).data().to(DType.FLOAT64).toDoubleArray();
        for (int r = 0; r < 4; r++) {
            double m = 0, v = 0;
            for (int k = 0; k < 6; k++) m += xs[r * 6 + k] / 6;
            for (int k = 0; k < 6; k++) v += Math.pow(xs[r * 6 + k] - m, 2) / 6;
            for (int k = 0; k < 6; k++) assertEquals(2 * (xs[r * 6 + k] - m) / Math.sqrt(v + 1e-5) - 1, ys[r * 6 + k], 1e-5);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.of(NDArray.zeros(4, 3, 2))));
        assertTrue(e.getMessage().contains("(4, 3, 2)") && e.getMessage().contains("2, 3"), e.getMessage());
    }
}
