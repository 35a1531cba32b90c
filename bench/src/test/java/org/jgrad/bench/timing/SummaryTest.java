package org.jgrad.bench.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void momentsAndQuartilesOfAnOddSample() {
        Summary s = Summary.of(10, 2, 4, 1, 3);
        assertEquals(5, s.count());
        assertEquals(4.0, s.mean(), 1e-12);
        assertEquals(Math.sqrt((9 + 4 + 1 + 0 + 36) / 5.0), s.std(), 1e-12);
        assertEquals(1, s.min());
        assertEquals(2, s.q1(), 1e-12);
        assertEquals(3, s.median(), 1e-12);
        assertEquals(4, s.q3(), 1e-12);
        assertEquals(10, s.max());
        assertEquals(2, s.iqr(), 1e-12);
    }

    @Test
    void evenSampleInterpolatesBetweenTheMiddleValues() {
        Summary s = Summary.of(1, 2, 3, 4);
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(1.75, s.q1(), 1e-12); // position 0.75 between 1 and 2
        assertEquals(3.25, s.q3(), 1e-12);
    }

    @Test
    void oneSampleIsItsOwnSpreadAndBadSamplesAreRefused() {
        Summary s = Summary.of(0.5);
        assertEquals(0.5, s.median());
        assertEquals(0, s.std());
        assertThrows(IllegalArgumentException.class, Summary::of);
        assertThrows(IllegalArgumentException.class, () -> Summary.of(1, Double.NaN));
    }
}
