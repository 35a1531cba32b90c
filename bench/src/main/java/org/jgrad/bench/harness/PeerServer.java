package org.jgrad.bench.harness;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.bench.timing.LoopTimer;
import org.jgrad.tensor.DType;

/**
 * The child side of {@link PeerProcess}: {@code java -cp … org.jgrad.bench.harness.PeerServer ENGINE_CLASS}
 * builds the engine (a public class with a no-argument constructor implementing {@link Engine}, e.g.
 * {@code org.jgrad.bench.pytorch.PyTorchPeer}), answers {@link PeerProtocol} requests from stdin on
 * stdout, and times each case with the {@link Harness}'s own rules and clock, in this process. Between
 * requests it waits on stdin and computes nothing. Everything else written to {@code System.out} goes
 * to stderr, so that only answers reach the protocol stream.
 */
public final class PeerServer {
    private PeerServer() {}

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        if (args.length != 1) {
            protocol.println(PeerProtocol.PREFIX + "\terror\tusage: PeerServer ENGINE_CLASS");
            System.exit(2);
        }
        Engine engine;
        try {
            engine = (Engine) Class.forName(args[0]).getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            protocol.println(PeerProtocol.PREFIX + "\terror\t" + PeerProtocol.oneLine("the peer " + args[0] + " could not start: " + cause));
            System.exit(1);
            return;
        }
        protocol.println(PeerProtocol.PREFIX + "\tready\t" + engine.name() + "\t" + engine.device() + "\t"
                + PeerProtocol.oneLine(engine.describe() + "; own JVM " + jvm()));
        serve(engine, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), protocol, new Harness(LoopTimer.system(), System.err));
        engine.close();
    }

    /** Answers requests until "quit" or the end of the input. */
    static void serve(Engine engine, BufferedReader in, PrintStream out, Harness harness) throws Exception {
        Map<DType, Map<String, Harness.Known>> ladders = new EnumMap<>(DType.class);
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.split("\t");
            try {
                switch (f[0]) {
                    case "quit" -> { return; }
                    case "prime" -> {
                        DType dtype = DTypeNames.parse(f[1]);
                        Budget budget = PeerProtocol.decodeBudget(f, 2);
                        List<Case> cases = new ArrayList<>();
                        for (int i = 8; i < f.length; i++) cases.add(PeerProtocol.decodeCase(f[i]));
                        harness.prime(engine, cases, dtype, budget);
                        out.println(PeerProtocol.PREFIX + "\tok");
                    }
                    case "measure" -> {
                        if (f.length != 9) throw new IllegalArgumentException("measure needs 9 fields, got " + f.length);
                        DType dtype = DTypeNames.parse(f[1]);
                        Budget budget = PeerProtocol.decodeBudget(f, 2);
                        Case c = PeerProtocol.decodeCase(f[8]);
                        Result r = harness.measure(engine, c, dtype, budget, ladders.computeIfAbsent(dtype, d -> new HashMap<>()));
                        Quiet.settle(); // before the bench takes its turn
                        out.println(PeerProtocol.answer(r));
                    }
                    default -> throw new IllegalArgumentException("unknown request '" + f[0] + "'");
                }
            } catch (RuntimeException e) {
                out.println(PeerProtocol.PREFIX + "\terror\t" + PeerProtocol.oneLine("peer: " + e));
            }
        }
    }

    /** This JVM's version, garbage collectors and jgrad thread count, for the report. */
    public static String jvm() {
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) gcs.add(gc.getName());
        return "Java " + System.getProperty("java.runtime.version") + ", GC " + String.join(" + ", gcs) + ", -Djgrad.threads="
                + System.getProperty("jgrad.threads", "(unset)");
    }
}
