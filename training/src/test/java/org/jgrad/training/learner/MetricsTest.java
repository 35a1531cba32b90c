package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** The new metrics against values computed by hand. */
class MetricsTest {
    // 4 items, 3 classes; argmax per row: 1, 0, 2, 0 (row 3 ties 0 and 2 -> 0)
    private static final NDArray SCORES = NDArray.fromArray(new float[][] {
            {0.1f, 0.7f, 0.2f},
            {0.5f, 0.3f, 0.2f},
            {0.2f, 0.3f, 0.5f},
            {0.4f, 0.2f, 0.4f}});
    private static final NDArray TARGETS = NDArray.fromArray(new long[] {1, 1, 0, 2});

    @Test
    void errorRateIsOneMinusAccuracy() {
        ErrorRate e = new ErrorRate();
        e.reset();
        assertTrue(Double.isNaN(e.value()));
        e.accumulate(SCORES, TARGETS);          // right: item 0 only
        assertEquals(0.75, e.value(), 1e-12);
        e.accumulate(SCORES.narrow(0, 0, 1), TARGETS.narrow(0, 0, 1));   // one more right
        assertEquals(3.0 / 5, e.value(), 1e-12);
        assertEquals("error_rate", e.name());
    }

    @Test
    void topKAccuracyByHand() {
        // ranks of the target: item0 target1 -> 0; item1 target1 -> 1; item2 target0 -> 2;
        // item3 target2 ties class 0 (lower index wins) -> 1
        TopKAccuracy top1 = new TopKAccuracy(1), top2 = new TopKAccuracy(2), top3 = new TopKAccuracy(3);
        for (TopKAccuracy m : List.of(top1, top2, top3)) {
            m.reset();
            m.accumulate(SCORES, TARGETS);
        }
        assertEquals(0.25, top1.value(), 1e-12);
        assertEquals(0.75, top2.value(), 1e-12);
        assertEquals(1.0, top3.value(), 1e-12);
        assertEquals("top_2_accuracy", top2.name());
        Accuracy acc = new Accuracy();
        acc.reset();
        acc.accumulate(SCORES, TARGETS);
        assertEquals(acc.value(), top1.value(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new TopKAccuracy(0));
    }

    @Test
    void regressionErrorsByHand() {
        NDArray out = NDArray.fromArray(new float[][] {{1}, {2}, {4}});
        NDArray target = NDArray.fromArray(new float[] {1.5f, 2, 1});
        MeanSquaredError mse = new MeanSquaredError();
        MeanAbsoluteError mae = new MeanAbsoluteError();
        mse.reset();
        mae.reset();
        mse.accumulate(out, target);
        mae.accumulate(out, target);
        assertEquals((0.25 + 0 + 9) / 3, mse.value(), 1e-9);
        assertEquals((0.5 + 0 + 3) / 3, mae.value(), 1e-9);
        // a second batch: errors 2 and -2
        mse.accumulate(NDArray.fromArray(new float[] {0, 0}), NDArray.fromArray(new float[] {2, -2}));
        mae.accumulate(NDArray.fromArray(new float[] {0, 0}), NDArray.fromArray(new float[] {2, -2}));
        assertEquals((0.25 + 9 + 4 + 4) / 5, mse.value(), 1e-9);
        assertEquals((0.5 + 3 + 2 + 2) / 5, mae.value(), 1e-9);
        mse.reset();
        assertTrue(Double.isNaN(mse.value()));
        assertEquals("mse", mse.name());
        assertEquals("mae", mae.name());
    }

    @Test
    void confusionMatrixCountsActualByPredicted() {
        ConfusionMatrix cm = new ConfusionMatrix(List.of("a", "bb", "c"));
        cm.reset();
        cm.accumulate(SCORES, TARGETS);
        // (actual, predicted): (1,1) (1,0) (0,2) (2,0)
        assertArrayEquals(new long[][] {{0, 0, 1}, {1, 1, 0}, {1, 0, 0}}, cm.matrix());
        assertEquals(4, cm.total());
        assertEquals(0.25, cm.value(), 1e-12);
        String expected =
                "actual\\predicted  a  bb  c\n"
              + "               a  0   0  1\n"
              + "              bb  1   1  0\n"
              + "               c  1   0  0\n";
        assertEquals(expected, cm.toString());
        ConfusionMatrix unnamed = new ConfusionMatrix(3);
        unnamed.accumulate(SCORES, TARGETS);
        assertTrue(unnamed.toString().startsWith("actual\\predicted  0  1  2\n"), unnamed.toString());
        cm.reset();
        assertEquals(0, cm.total());
        assertThrows(IllegalArgumentException.class, () -> cm.accumulate(SCORES, NDArray.fromArray(new long[] {0, 1, 2, 3})));
    }
}
