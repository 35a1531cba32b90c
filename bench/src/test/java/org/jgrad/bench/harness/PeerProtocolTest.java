package org.jgrad.bench.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jgrad.bench.models.BenchModel;
import org.jgrad.bench.timing.LoopTimer;
import org.jgrad.tensor.DType;
import org.junit.jupiter.api.Test;

/** The peer protocol's encodings read back exactly, and {@link PeerServer} answers requests in-process (a fake clock, no child). */
class PeerProtocolTest {
    @Test
    void everyCaseOfEveryPlanReadsBackAsItself() {
        List<Case> cases = new ArrayList<>(Plan.full().cases());
        cases.addAll(Plan.tiny().cases());
        cases.add(new Case.Epoch(BenchModel.RESIDUAL_CNN, 128, 60_000));
        for (Case c : cases) assertEquals(c, PeerProtocol.decodeCase(PeerProtocol.encode(c)), PeerProtocol.encode(c));
        assertEquals("conv2d:batch=64;in=32;out=64;height=28;kernel=3;stride=1;padding=1",
                PeerProtocol.encode(new Case.Conv2d(64, 32, 64, 28, 3, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> PeerProtocol.decodeCase("matmul"));
    }

    @Test
    void budgetsAndResultsReadBackExactly() {
        Budget b = new Budget(0.2, 0.05, 7, 2.0, 1.5, 3);
        assertEquals(b, PeerProtocol.decodeBudget(("x\t" + PeerProtocol.encode(b)).split("\t"), 1));

        Case c = new Case.Matmul(64);
        double[] samples = {1.0 / 3, 2e-7, 0.1 + 0.2};
        Result r = Result.measured("p", "cpu", DType.FLOAT32, c, samples, 17, 0.9854);
        Result back = PeerProtocol.result(PeerProtocol.answer(r).split("\t"), "p", "cpu", c, DType.FLOAT32);
        assertArrayEquals(samples, back.samples());
        assertEquals(17, back.loops());
        assertEquals(0.9854, back.accuracy());
        assertEquals(r.seconds(), back.seconds());

        Result na = Result.notAvailable("p", "cpu", DType.FLOAT32, c, "two\tlines\nhere");
        Result naBack = PeerProtocol.result(PeerProtocol.answer(na).split("\t"), "p", "cpu", c, DType.FLOAT32);
        assertFalse(naBack.ran());
        assertEquals("two lines here", naBack.na());
    }

    @Test
    void theServerTimesWithTheHarnessRulesAndAnswersEachRequest() throws Exception {
        long[] now = {0};
        Engine engine = new Engine() {
            public String name() { return "fake"; }
            public String device() { return "cpu"; }
            public String describe() { return "fake"; }
            public Prepared prepare(Case c, DType dtype) {
                return new Prepared(() -> now[0] += 1_000_000, () -> {}); // 1 ms a call
            }
        };
        Budget budget = new Budget(0, 0.01, 5, 10, 10);
        String requests = String.join("\n", PeerProtocol.primeRequest(List.of(new Case.Matmul(8)), DType.FLOAT32, budget),
                PeerProtocol.measureRequest(new Case.Matmul(8), DType.FLOAT32, budget), "nonsense", "quit", "measure\tnever read") + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PeerServer.serve(engine, new BufferedReader(new StringReader(requests)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new Harness(new LoopTimer(() -> now[0]), new PrintStream(new ByteArrayOutputStream())));
        List<String> answers = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, answers.size(), answers.toString());
        assertEquals(PeerProtocol.PREFIX + "\tok", answers.get(0));
        Result r = PeerProtocol.result(answers.get(1).split("\t"), "fake", "cpu", new Case.Matmul(8), DType.FLOAT32);
        assertEquals(10, r.loops(), "10 calls of 1 ms make a 10 ms loop");
        assertEquals(5, r.samples().length);
        assertEquals(1e-3, r.seconds().median(), 1e-12);
        assertTrue(answers.get(2).startsWith(PeerProtocol.PREFIX + "\terror\tpeer: "), answers.get(2));
    }
}
