package org.jgrad.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.Result;
import org.jgrad.tensor.DType;
import org.junit.jupiter.api.Test;

/** The time ratio of medians and its spread from loop-by-loop pairs, on made-up samples. */
class PairedRatioTest {
    private static final Case C = new Case.Matmul(256);

    private static Result r(String engine, double... samples) {
        return Result.measured(engine, "cpu", DType.FLOAT32, C, samples, 1, Double.NaN);
    }

    @Test
    void ratioOfMediansWithTheRangeOfThePairedLoops() {
        // The machine slows down over the loops: both engines' loops slow alike, so each pair keeps the ratio 2 or so.
        Result jgrad = r("jgrad", 2, 4, 8, 6);
        Result peer = r("pytorch", 1, 2, 4, 2.5);
        PairedRatio p = PairedRatio.of(jgrad, peer);
        assertEquals(5.0 / 2.25, p.ofMedians(), 1e-12); // medians 5 and 2.25
        assertEquals(2.0, p.low(), 1e-12);
        assertEquals(2.4, p.high(), 1e-12);
        assertEquals(4, p.pairs());
    }

    @Test
    void pairsAsManyLoopsAsTheShorterSideHas() {
        PairedRatio p = PairedRatio.of(r("jgrad", 3, 3, 3, 3, 3), r("pytorch", 1, 3));
        assertEquals(2, p.pairs());
        assertEquals(1.0, p.low(), 1e-12);
        assertEquals(3.0, p.high(), 1e-12);
    }

    @Test
    void noSamplesNoSpreadAndNothingForACaseThatDidNotRun() {
        Result old = new Result("jgrad", "cpu", DType.FLOAT32, C, org.jgrad.bench.timing.Summary.of(2.0), 1, null);
        PairedRatio p = PairedRatio.of(old, r("pytorch", 1));
        assertEquals(2.0, p.ofMedians(), 1e-12);
        assertFalse(p.hasSpread());
        PairedRatio none = PairedRatio.of(Result.notAvailable("jgrad", "cpu", DType.FLOAT32, C, "no"), r("pytorch", 1));
        assertTrue(Double.isNaN(none.ofMedians()));
    }
}
