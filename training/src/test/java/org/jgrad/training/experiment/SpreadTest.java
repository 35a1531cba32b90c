package org.jgrad.training.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {
    @Test
    void meanSampleDeviationAndRange() {
        Spread s = Spread.of(List.of(0.90, 0.92, 0.97));
        assertEquals(3, s.n());
        assertEquals(0.93, s.mean(), 1e-12);
        // deviations -0.03, -0.01, 0.04: squares sum 0.0026, over n - 1 = 2
        assertEquals(Math.sqrt(0.0013), s.sd(), 1e-12);
        assertEquals(0.90, s.min());
        assertEquals(0.97, s.max());
        assertEquals("93.00 ± 3.61 (90.00–97.00)", s.percent());
        assertEquals(0, Spread.of(List.of(0.5)).sd());
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Spread.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, Spread.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertThrows(IllegalArgumentException.class, () -> Spread.median(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
    }
}
