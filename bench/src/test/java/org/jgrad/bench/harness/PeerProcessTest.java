package org.jgrad.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jgrad.bench.models.BenchModel;
import org.jgrad.bench.timing.LoopTimer;
import org.jgrad.tensor.DType;
import org.junit.jupiter.api.Test;

/**
 * A peer in a real child JVM ({@link PeerServer} running {@link FakePeerEngine}): it starts with the
 * properties given, answers what the harness asks, turns its failures into n/a, and a child that
 * dies makes the rest of its cases n/a instead of stopping the run. No assertion on time.
 */
class PeerProcessTest {
    private static final Budget BUDGET = new Budget(0, 0, 4, 1, 5);

    private static PeerProcess start() throws Exception {
        return new PeerProcess(PeerProcess.javaChild(FakePeerEngine.class.getName(), Map.of("jgrad.threads", "3")));
    }

    @Test
    void theChildAnswersWithItsOwnTimingsAndPassesOnItsFailures() throws Exception {
        try (PeerProcess peer = start()) {
            assertEquals("fakepeer", peer.name());
            assertTrue(peer.describe().startsWith("fake peer, threads 3; own JVM Java "), peer.describe());
            peer.prime(List.of(new Case.Matmul(8), new Case.Matmul(16)), DType.FLOAT32, BUDGET);

            Result r = peer.measure(new Case.Matmul(8), DType.FLOAT32, BUDGET);
            assertTrue(r.ran(), String.valueOf(r.na()));
            assertEquals("fakepeer", r.engine());
            assertEquals(4, r.samples().length, "one sample per timed loop, as the budget asks");
            assertEquals(r.seconds().median(), org.jgrad.bench.timing.Summary.of(r.samples()).median());
            assertTrue(Double.isNaN(r.accuracy()));

            Result e = peer.measure(new Case.Epoch(BenchModel.BASIC_CNN, 128, 1280), DType.FLOAT32, BUDGET.withEpochRepeats(2));
            assertEquals(2, e.samples().length, "an epoch runs epochRepeats times");
            assertEquals(0.25, e.accuracy());

            Result half = peer.measure(new Case.Matmul(8), DType.FLOAT16, BUDGET);
            assertFalse(half.ran());
            assertEquals("fake peer: no float16 here", half.na(), "the reason comes back, on one line");
        }
    }

    @Test
    void aPeerThatDiesLeavesItsRemainingCasesNotAvailable() throws Exception {
        try (PeerProcess peer = start()) {
            // priming runs the ladder's middle case, matmul 16; matmul 13 ends the child
            Plan plan = new Plan("test", List.of(new Case.Matmul(8), new Case.Matmul(16), new Case.Matmul(13), new Case.Matmul(32)), BUDGET);
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            List<Result> results = new Harness(LoopTimer.system(), new PrintStream(progress, true, StandardCharsets.UTF_8))
                    .run(plan, List.of(peer), List.of(DType.FLOAT32));
            assertEquals(4, results.size());
            assertTrue(results.get(0).ran(), String.valueOf(results.get(0).na()));
            assertTrue(results.get(1).ran(), String.valueOf(results.get(1).na()));
            assertFalse(results.get(2).ran());
            assertTrue(results.get(2).na().contains("peer process ended without answering"), results.get(2).na());
            assertFalse(results.get(3).ran());
        }
    }
}
