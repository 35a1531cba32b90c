package org.jgrad.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jgrad.bench.timing.LoopTimer;
import org.jgrad.tensor.DType;
import org.junit.jupiter.api.Test;

/** The harness primes every engine, then lets the engines take turns case by case. */
class AlternationTest {
    private long now;
    private final List<String> timed = new ArrayList<>();

    /** An engine whose calls advance the fake clock by 1 ms and note who ran which case. */
    private Engine recording(String name) {
        return new Engine() {
            public String name() { return name; }
            public String device() { return "cpu"; }
            public String describe() { return name; }
            public Prepared prepare(Case c, DType dtype) {
                return new Prepared(() -> {
                    now += 1_000_000;
                    String entry = name + " " + c.label();
                    if (timed.isEmpty() || !timed.get(timed.size() - 1).equals(entry)) timed.add(entry);
                }, () -> {});
            }
        };
    }

    @Test
    void enginesTakeTurnsCaseByCaseAfterAllArePrimed() {
        List<Case> cases = List.of(new Case.Matmul(8), new Case.Matmul(16), new Case.Matmul(32));
        List<Result> results = new Harness(new LoopTimer(() -> now), new PrintStream(new ByteArrayOutputStream()))
                .run(new Plan("test", cases, new Budget(0.001, 0, 3, 10, 10)), List.of(recording("jgrad"), recording("peer")), List.of(DType.FLOAT32));
        // priming runs each ladder's middle case (matmul 16) on each engine first
        assertEquals(List.of("jgrad matmul 16", "peer matmul 16",
                "jgrad matmul 8", "peer matmul 8", "jgrad matmul 16", "peer matmul 16", "jgrad matmul 32", "peer matmul 32"), timed);
        List<String> order = results.stream().map(r -> r.engine() + " " + r.benchCase().label()).toList();
        assertEquals(List.of("jgrad matmul 8", "peer matmul 8", "jgrad matmul 16", "peer matmul 16", "jgrad matmul 32", "peer matmul 32"), order);
    }
}
