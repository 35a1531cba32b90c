package org.jgrad.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jgrad.bench.timing.LoopTimer;
import org.jgrad.tensor.DType;
import org.junit.jupiter.api.Test;

/** The harness's warm-up, repeats, predictions and n/a handling, on a fake engine and a fake clock. */
class HarnessTest {
    private long now;
    private final LoopTimer timer = new LoopTimer(() -> now);

    /** An engine whose matmul n "takes" n³ nanoseconds; float16 is unsupported; conv2d throws. */
    private final Engine fake = new Engine() {
        public String name() { return "fake"; }
        public String device() { return "cpu"; }
        public String describe() { return "fake engine"; }
        public Prepared prepare(Case c, DType dtype) {
            if (dtype == DType.FLOAT16) throw new UnsupportedOperationException("no float16 here");
            if (c instanceof Case.Matmul m) return new Prepared(() -> now += (long) m.n() * m.n() * m.n(), () -> {});
            return new Prepared(() -> { throw new IllegalStateException("boom"); }, () -> {});
        }
    };

    private List<Result> run(Budget budget, List<Case> cases, DType... dtypes) {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<Result> results = new Harness(timer, new PrintStream(progress, true, StandardCharsets.UTF_8))
                .run(new Plan("test", cases, budget), List.of(fake), List.of(dtypes));
        assertEquals(results.size(), progress.toString(StandardCharsets.UTF_8).lines().count(), "one progress line per result");
        return results;
    }

    @Test
    void measuresWithEnoughLoopsAndReportsTheRate() {
        Budget budget = new Budget(0.001, 0.01, 5, 10, 10);
        Result r = run(budget, List.of(new Case.Matmul(100)), DType.FLOAT32).get(0);
        assertTrue(r.ran());
        assertEquals(1e-3, r.seconds().median(), 1e-12); // 100³ ns
        assertEquals(10, r.loops());                      // 10 calls make 0.01 s
        assertEquals(5, r.seconds().count());
        assertEquals(2.0, r.rate(), 1e-9);                // 2·100³ flop in 1 ms = 2 GFLOP/s
    }

    @Test
    void skipsACaseWhoseTimeIsPredictedAboveTheLimit() {
        Budget budget = new Budget(0, 0, 3, 10, 0.4);
        // 500³ ns = 0.125 s runs; 1000 is predicted 8× that = 1 s > 2 × 0.4 s and is skipped.
        List<Result> results = run(budget, List.of(new Case.Matmul(500), new Case.Matmul(1000)), DType.FLOAT32);
        assertTrue(results.get(0).ran());
        assertFalse(results.get(1).ran());
        assertTrue(results.get(1).na().startsWith("skipped: predicted 1 s per call from the previous size, over twice"), results.get(1).na());
    }

    @Test
    void aCaseStillSlowAfterItsFirstCallIsSkipped() {
        Budget budget = new Budget(5, 0, 3, 10, 0.5);
        long before = now;
        Result r = run(budget, List.of(new Case.Matmul(1000)), DType.FLOAT32).get(0); // 1 s per call
        assertFalse(r.ran());
        assertTrue(r.na().contains("a warm-up call after the first still took 1 s"), r.na());
        assertEquals(3_000_000_000L, now - before, "one priming call and two warm-up calls ran");
    }

    /**
     * An engine whose calls take the given nanoseconds in turn, the last one from then on, starting over
     * at each prepare (priming prepares the case once before it is measured); counts the calls since.
     */
    private static final class Scripted implements Engine {
        private final long[] durations;
        private final long[] clock;
        int calls;

        Scripted(long[] clock, long... durations) {
            this.clock = clock;
            this.durations = durations;
        }

        public String name() { return "scripted"; }
        public String device() { return "cpu"; }
        public String describe() { return "scripted durations"; }
        public Prepared prepare(Case c, DType dtype) {
            calls = 0;
            return new Prepared(() -> clock[0] += durations[Math.min(calls++, durations.length - 1)], () -> {});
        }
    }

    private Result runScripted(Budget budget, Scripted engine) {
        return new Harness(new LoopTimer(() -> clock[0]), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(new Plan("test", List.of(new Case.Matmul(10)), budget), List.of(engine), List.of(DType.FLOAT32)).get(0);
    }

    private final long[] clock = {0};

    @Test
    void aSlowFirstCallAloneIsForgiven() {
        Scripted engine = new Scripted(clock, 900_000_000L, 1_000_000L); // a cold first call of 0.9 s, then 1 ms
        Result r = runScripted(new Budget(0, 0, 3, 10, 0.5), engine);
        assertTrue(r.ran(), r.na());
        assertEquals(1e-3, r.seconds().median(), 1e-12);
    }

    @Test
    void warmUpGoesOnWhileCallsKeepGettingFaster() {
        // Rounds of 0.06 s, each at least MIN_WARMUP_CALLS calls unless they take 0.3 s: 3 calls of 100 ms, then
        // 10 of 20 ms and 10 of 10 ms (each round beats the best before by more than a fifth), then 10 more of 10 ms: steady.
        long[] durations = new long[33];
        for (int i = 0; i < durations.length; i++) durations[i] = i < 3 ? 100_000_000L : i < 13 ? 20_000_000L : 10_000_000L;
        Scripted engine = new Scripted(clock, durations);
        Result r = runScripted(new Budget(0.06, 0, 3, 10, 10), engine);
        assertEquals(0.01, r.seconds().median(), 1e-12);
        assertEquals(0.01, r.seconds().max(), 1e-12, "no slow warm-up call among the timed ones");
        assertEquals(3 + 10 + 10 + 10 + 3, engine.calls, "four warm-up rounds, then three timed loops");
    }

    @Test
    void unsupportedAndFailingCasesBecomeNotAvailableAndTheRunGoesOn() {
        Budget budget = new Budget(0, 0, 3, 10, 10);
        List<Result> results = run(budget, List.of(new Case.Conv2d(1, 1, 1, 4, 3, 1, 1), new Case.Matmul(10)), DType.FLOAT16, DType.FLOAT32);
        assertEquals("no float16 here", results.get(0).na());
        assertEquals("no float16 here", results.get(1).na());
        assertTrue(results.get(2).na().startsWith("failed: java.lang.IllegalStateException: boom"), results.get(2).na());
        assertTrue(results.get(3).ran());
    }

    @Test
    void slowCallsGetFewerRepeatsButNeverUnderThree() {
        Budget budget = new Budget(0, 0, 10, 1.0, 10);
        assertEquals(10, budget.repeatsFor(0.05));
        assertEquals(4, budget.repeatsFor(0.25));
        assertEquals(3, budget.repeatsFor(2.0));
        assertEquals(1, budget.loopsFor(2.0));
        assertEquals(1, new Budget(0, 0.05, 3, 1, 1).loopsFor(0.1));
        assertEquals(5, new Budget(0, 0.05, 3, 1, 1).loopsFor(0.01));
    }
}
