package org.jgrad.nn.tour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.layers.BatchNorm1d;
import org.jgrad.nn.layers.Dropout;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/**
 * Part of the tour's page 6 (docs/tour/6-regularization.md): inverted dropout keeps a fraction
 * 1 − p of the values and scales them by 1/(1 − p); batch normalization keeps moving averages of
 * the batch statistics for evaluation. Writes figures/dropout.txt and figures/batchnorm.txt.
 */
class DropoutAndBatchNormTourTest {
    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");

    @Test
    void invertedDropoutKeepsTheMeanAndDoesNothingInEvaluation() throws IOException {
        // tour:begin dropout
        Dropout dropout = new Dropout(0.25, new Generator(3));     // p = 0.25: drop a quarter
        Tensor x = Tensor.of(NDArray.ones(10_000));
        NDArray y = dropout.forward(x).data();                      // training mode: a fresh random mask each call
        double kept = y.ne(0).to(DType.FLOAT64).mean().item();      // ≈ 1 − p = 0.75
        double scale = y.max().item();                              // 1 / (1 − p) = 1.3333
        double mean = y.mean().item();                              // ≈ 1: the expected value is unchanged
        dropout.eval();
        NDArray z = dropout.forward(x).data();                      // evaluation: the identity, no rescaling needed
        // tour:end dropout
        Files.writeString(FIGURES.resolve("dropout.txt"), String.format(Locale.ROOT,
                "kept fraction %.4f (1 - p = 0.75)%nkept values   %.4f (1 / (1 - p) = %.4f)%nmean          %.4f%neval mode     %s%n",
                kept, scale, 1 / 0.75, mean, z.allClose(x.data(), 0, 0) ? "y = x" : "y != x"));

        assertEquals(0.75, kept, 0.02);
        assertEquals(1 / 0.75, scale, 1e-6);
        assertEquals(1.0, mean, 0.03);
        assertEquals(kept / 0.75, mean, 1e-4, "mean = kept fraction · scale");
        assertArrayEquals(x.data().toFloatArray(), z.toFloatArray());
    }

    @Test
    void runningStatisticsAreMovingAveragesOfTheBatchStatistics() throws IOException {
        // tour:begin batchnorm
        BatchNorm1d bn = new BatchNorm1d(1);                        // momentum m = 0.1; running mean 0, running var 1
        Generator g = new Generator(5);
        StringBuilder table = new StringBuilder("step  batch mean  batch var  running_mean  running_var\n");
        for (int step = 1; step <= 6; step++) {
            NDArray batch = NDArray.randn(g, DType.FLOAT32, 64, 1).mul(2).add(5);   // features ~ N(5, 2²)
            double batchMean = batch.mean().item(), batchVar = batch.var(new int[] {0}, 1, false).item();
            bn.forward(Tensor.of(batch));                           // training mode: normalizes with the batch's statistics
            table.append(String.format(Locale.ROOT, "%-4d  %-10.4f  %-9.4f  %-12.4f  %.4f%n",
                    step, batchMean, batchVar, bn.runningMean().item(), bn.runningVar().item()));
        }
        // tour:end batchnorm
        Files.writeString(FIGURES.resolve("batchnorm.txt"), table.toString());

        // replay the recurrence running ← (1 − m)·running + m·batch on the same batches
        Generator replay = new Generator(5);
        double mean = 0, var = 1;
        for (int step = 1; step <= 6; step++) {
            NDArray batch = NDArray.randn(replay, DType.FLOAT32, 64, 1).mul(2).add(5);
            mean = 0.9 * mean + 0.1 * batch.mean().item();
            var = 0.9 * var + 0.1 * batch.var(new int[] {0}, 1, false).item();
        }
        assertEquals(mean, bn.runningMean().item(), 1e-4);
        assertEquals(var, bn.runningVar().item(), 1e-3);
        assertEquals(6, bn.numBatchesTracked());

        // in evaluation the running statistics normalize: (x − running_mean) / √(running_var + ε)
        bn.eval();
        double out = bn.forward(Tensor.of(NDArray.full(5, DType.FLOAT32, 2, 1))).data().getDouble(0, 0);
        assertEquals((5 - mean) / Math.sqrt(var + 1e-5), out, 1e-4);
    }
}
