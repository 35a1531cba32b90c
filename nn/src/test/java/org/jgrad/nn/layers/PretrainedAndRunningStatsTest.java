package org.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** Embedding.fromPretrained and BatchNorm.setRunningStats, PyTorch's from_pretrained and running_mean/running_var assignment. */
class PretrainedAndRunningStatsTest {
    @Test
    void fromPretrainedLooksUpTheGivenRowsAndIsFrozenByDefault() {
        NDArray w = NDArray.of(0.0, 1.0, 10.0, 11.0, 20.0, 21.0).reshape(3, 2);
        Embedding e = Embedding.fromPretrained(w);
        Tensor y = e.forward(Tensor.of(NDArray.of(2L, 0L)));
        assertArrayEquals(new double[] {20, 21, 0, 1}, y.data().toDoubleArray(), 0);
        assertFalse(e.weight().requiresGrad());
        w.assign(NDArray.zeros(DType.FLOAT64, 3, 2));   // a copy: the caller's array can change
        assertEquals(21, e.weight().data().toDoubleArray()[5]);

        Embedding trainable = Embedding.fromPretrained(NDArray.ones(DType.FLOAT32, 4, 3), false);
        assertTrue(trainable.weight().requiresGrad());
        trainable.forward(Tensor.of(NDArray.of(1L, 1L))).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 2, 2, 2, 0, 0, 0, 0, 0, 0}, trainable.weight().grad().toDoubleArray(), 0);

        assertEquals("Embedding.fromPretrained: expected weights (numEmbeddings, dim), got (3)",
                assertThrows(IllegalArgumentException.class, () -> Embedding.fromPretrained(NDArray.of(1.0, 2.0, 3.0))).getMessage());
    }

    @Test
    void setRunningStatsIsWhatEvalModeNormalizesWith() {
        BatchNorm1d bn = new BatchNorm1d(2);
        bn.setRunningStats(NDArray.of(1.0, -2.0), NDArray.of(4.0, 0.25));
        assertEquals(DType.FLOAT32, bn.runningMean().dtype());
        bn.eval();
        Tensor y = bn.forward(Tensor.of(NDArray.of(3f, -1f).reshape(1, 2)));
        double eps = BatchNorm.DEFAULT_EPS;
        assertArrayEquals(new double[] {2 / Math.sqrt(4 + eps), 1 / Math.sqrt(0.25 + eps)}, y.data().toDoubleArray(), 1e-6);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.setRunningStats(NDArray.of(1.0), NDArray.of(1.0, 1.0)));
        assertEquals("BatchNorm1d(2): setRunningStats expects floating (2) arrays, got mean float64 (1)", e.getMessage());
        BatchNorm2d untracked = new BatchNorm2d(2, 1e-5, 0.1, true, false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> untracked.setRunningStats(NDArray.of(0.0, 0.0), NDArray.of(1.0, 1.0)))
                .getMessage().contains("without running statistics"));
    }
}
