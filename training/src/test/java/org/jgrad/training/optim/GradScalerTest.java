package org.jgrad.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** {@link GradScaler}: PyTorch's defaults, unscaling, the skipped step on overflow, backoff, growth, and its state. */
class GradScalerTest {
    private final Tensor w = Tensor.param(NDArray.of(1f, -2f, 0.5f)), b = Tensor.param(NDArray.of(0.25f));
    private final Optimizer adam = Adam.of(List.of(w, b), 1e-2);

    /** Sets both gradients to scale · (the given values). */
    private void scaledGrads(GradScaler s, float... values) {
        w.setGrad(NDArray.of(values[0], values[1], values[2]).mul(s.scale()).to(DType.FLOAT32));
        b.setGrad(NDArray.of(values[3]).mul(s.scale()).to(DType.FLOAT32));
    }

    private void goodStep(GradScaler s) {
        scaledGrads(s, 0.1f, -0.2f, 0.3f, 0.05f);
        assertTrue(s.step(adam), "finite gradients: the step is taken");
        s.update();
        adam.zeroGrad();
    }

    @Test
    void defaultsArePyTorchs() {
        GradScaler s = new GradScaler();
        assertEquals(65536.0, s.scale());
        assertEquals(2.0, s.growthFactor());
        assertEquals(0.5, s.backoffFactor());
        assertEquals(2000, s.growthInterval());
        assertEquals(0, s.growthTracker());
    }

    @Test
    void scaleMultipliesTheLossAndUnscaleDividesTheGradientsOnce() {
        GradScaler s = new GradScaler(1024, 2, 0.5, 10);
        Tensor x = Tensor.param(NDArray.of(3f));
        Tensor loss = x.mul(x);
        Tensor scaled = s.scale(loss);
        assertEquals(9 * 1024.0, scaled.item());
        scaled.backward();
        assertEquals(6 * 1024.0, x.grad().item(), "backward of the scaled loss scales the gradient");
        Optimizer sgd = Sgd.of(List.of(x), 0.1);
        s.unscale(sgd);
        assertEquals(6.0, x.grad().item(), "unscaled: ÷1024, exactly (a power of two)");
        assertFalse(s.foundInf());
        var twice = assertThrows(IllegalStateException.class, () -> s.unscale(sgd));
        assertTrue(twice.getMessage().contains("already"), twice.getMessage());
        assertTrue(s.step(sgd), "step after an explicit unscale does not unscale again");
        assertEquals(3 - 0.1 * 6, x.data().item(), 1e-6);
        s.update();
        assertThrows(IllegalStateException.class, s::update, "update needs an unscale first");
    }

    @Test
    void anInjectedOverflowSkipsTheStepAndHalvesTheScale() {
        GradScaler s = new GradScaler();
        goodStep(s);   // Adam has moments and a step count now
        goodStep(s);
        assertEquals(2, s.growthTracker());
        double[] wBefore = w.data().toDoubleArray(), bBefore = b.data().toDoubleArray();
        Map<String, double[]> stateBefore = values(adam.stateDict());

        for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NaN}) {
            double scaleBefore = s.scale();
            scaledGrads(s, 0.1f, bad, 0.3f, 0.05f);
            assertFalse(s.step(adam), "a gradient holding " + bad + ": the step is skipped");
            assertTrue(s.foundInf());
            s.update();
            adam.zeroGrad();
            assertEquals(scaleBefore / 2, s.scale(), "backoff 0.5 after " + bad);
            assertEquals(0, s.growthTracker(), "the good-step count restarts");
            assertArrayEquals(wBefore, w.data().toDoubleArray(), 0, "parameters unchanged");
            assertArrayEquals(bBefore, b.data().toDoubleArray(), 0);
            Map<String, double[]> stateAfter = values(adam.stateDict());
            assertEquals(stateBefore.keySet(), stateAfter.keySet());
            stateBefore.forEach((k, v) -> assertArrayEquals(v, stateAfter.get(k), 0, "optimizer state " + k + " unchanged"));
        }
        goodStep(s);
        assertEquals(1, s.growthTracker());
        assertFalse(java.util.Arrays.equals(wBefore, w.data().toDoubleArray()), "the next good step updates again");
    }

    private static Map<String, double[]> values(Map<String, NDArray> state) {
        Map<String, double[]> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    @Test
    void theScaleGrowsAfterTheIntervalOfGoodSteps() {
        GradScaler s = new GradScaler(8, 2, 0.5, 3);
        goodStep(s);
        goodStep(s);
        assertEquals(8.0, s.scale());
        assertEquals(2, s.growthTracker());
        goodStep(s);
        assertEquals(16.0, s.scale(), "doubled after 3 good steps");
        assertEquals(0, s.growthTracker());
        goodStep(s);
        goodStep(s);
        scaledGrads(s, Float.NaN, 0, 0, 0);
        s.step(adam);
        s.update();
        assertEquals(8.0, s.scale(), "an overflow two steps before growth halves instead");
        for (int i = 0; i < 3; i++) goodStep(s);
        assertEquals(16.0, s.scale(), "and the count started again from 0");
    }

    @Test
    void stateRoundTripsAndBadStateChangesNothing() {
        GradScaler s = new GradScaler(64, 2, 0.5, 5);
        goodStep(s);
        goodStep(s);
        scaledGrads(s, Float.POSITIVE_INFINITY, 0, 0, 0);
        s.step(adam);
        s.update();
        goodStep(s);
        Map<String, NDArray> saved = s.stateDict();

        GradScaler restored = new GradScaler(64, 2, 0.5, 5);
        restored.loadStateDict(saved);
        assertEquals(32.0, restored.scale());
        assertEquals(1, restored.growthTracker());

        Map<String, NDArray> otherInterval = new LinkedHashMap<>(saved);
        otherInterval.put("growth_interval", NDArray.scalar(7, DType.INT64));
        GradScaler fresh = new GradScaler(64, 2, 0.5, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(otherInterval));
        assertTrue(e.getMessage().contains("interval 7"), e.getMessage());
        Map<String, NDArray> missing = new LinkedHashMap<>(saved);
        missing.remove("scale");
        assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(missing));
        Map<String, NDArray> negative = new LinkedHashMap<>(saved);
        negative.put("scale", NDArray.scalar(-1.0, DType.FLOAT64));
        assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(negative));
        assertEquals(64.0, fresh.scale(), "a rejected state changes nothing");
        assertEquals(0, fresh.growthTracker());
    }

    @Test
    void badSettingsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GradScaler(0, 1, 1.5, 0));
        assertTrue(e.getMessage().contains("scale must be") && e.getMessage().contains("growth factor") && e.getMessage().contains("backoff")
                && e.getMessage().contains("interval"), e.getMessage());
    }
}
