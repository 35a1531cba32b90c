package org.jgrad.training.gan;

import static org.jgrad.training.gan.GanPhase.CRITIC;
import static org.jgrad.training.gan.GanPhase.GENERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which network each switcher trains, batch after batch, and that its state survives a checkpoint. */
class GanSwitcherTest {
    /** The phases of {@code n} batches with the given losses (the last one repeated). */
    private static List<GanPhase> run(GanSwitcher s, int n, double... losses) {
        List<GanPhase> phases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GanPhase p = s.phase();
            phases.add(p);
            s.afterBatch(p, losses[Math.min(i, losses.length - 1)]);
        }
        return phases;
    }

    @Test
    void fixedAlternatesNCriticThenNGeneratorBatches() {
        assertEquals(List.of(CRITIC, CRITIC, CRITIC, GENERATOR, GENERATOR, CRITIC, CRITIC, CRITIC, GENERATOR, GENERATOR, CRITIC),
                run(new FixedGanSwitcher(3, 2), 11, 0.0));
        assertEquals(List.of(CRITIC, GENERATOR, CRITIC, GENERATOR), run(new FixedGanSwitcher(1, 1), 4, 5.0));
    }

    @Test
    void fixedIgnoresTheLosses() {
        assertEquals(run(new FixedGanSwitcher(2, 1), 9, 0.0), run(new FixedGanSwitcher(2, 1), 9, 100, -3, 0.5, 7));
    }

    @Test
    void aRestoredFixedSwitcherContinuesMidPhase() {
        FixedGanSwitcher a = new FixedGanSwitcher(5, 1);
        run(a, 3, 0.0);
        FixedGanSwitcher b = new FixedGanSwitcher(5, 1);
        b.restore(a.state());
        assertEquals(List.of(CRITIC, CRITIC, GENERATOR, CRITIC), run(b, 4, 0.0), "three of five critic batches were done");
        assertEquals(run(a, 4, 0.0), List.of(CRITIC, CRITIC, GENERATOR, CRITIC));
    }

    @Test
    void thresholdTrainsEachNetworkUntilItsLossIsBelowItsThreshold() {
        ThresholdGanSwitcher s = new ThresholdGanSwitcher(2.0, 0.5);
        // critic losses 0.9, 0.7 (not below 0.5), 0.4 (below: switch); generator 3.0, 1.5 (below 2: switch); critic 0.1
        assertEquals(List.of(CRITIC, CRITIC, CRITIC, GENERATOR, GENERATOR, CRITIC), run(s, 6, 0.9, 0.7, 0.4, 3.0, 1.5, 0.1));
        assertEquals(GENERATOR, s.phase());
    }

    @Test
    void aThresholdOfNaNMeansOneBatch() {
        assertEquals(List.of(CRITIC, GENERATOR, GENERATOR, GENERATOR, CRITIC), run(new ThresholdGanSwitcher(1.0, Double.NaN), 5, 0.3, 5, 5, 0.2, 9));
    }

    @Test
    void thresholdStateRoundTrips() {
        ThresholdGanSwitcher a = new ThresholdGanSwitcher(1, 1), b = new ThresholdGanSwitcher(1, 1);
        run(a, 1, 0.0);
        b.restore(a.state());
        assertEquals(GENERATOR, b.phase());
    }

    @Test
    void badArgumentsAndStatesAreRefusedWithTheirValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FixedGanSwitcher(0, 1)).getMessage().contains("nCritic must be >= 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FixedGanSwitcher(1, -2)).getMessage().contains("got -2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ThresholdGanSwitcher(Double.POSITIVE_INFINITY, 1)).getMessage()
                .contains("finite or NaN"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FixedGanSwitcher(2, 1).restore("CRITIC 2")).getMessage().contains("'CRITIC 2'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FixedGanSwitcher(2, 1).restore("nonsense")).getMessage().contains("bad state"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ThresholdGanSwitcher(1, 1).restore("BOTH")).getMessage().contains("'BOTH'"));
        assertThrows(IllegalStateException.class, () -> new FixedGanSwitcher(1, 1).afterBatch(GENERATOR, 0));
    }
}
