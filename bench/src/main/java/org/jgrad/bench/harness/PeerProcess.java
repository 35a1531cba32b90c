package org.jgrad.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jgrad.tensor.DType;

/**
 * A peer engine in a child JVM ({@link PeerServer}), so that its thread pool never shares the cores
 * with jgrad's while either computes: the bench sends it one case at a time ({@link PeerProtocol}) and
 * waits, idle, for the timings it measured itself. {@link #javaChild} starts it with this JVM's class
 * path, garbage collector and memory flags, its {@code -D} properties and the ones given (e.g. the
 * thread count), so both sides run under the same settings. The child's stderr goes to this
 * process's stderr.
 */
public final class PeerProcess implements RemoteEngine {
    private final Process process;
    private final BufferedReader answers;
    private final PrintStream requests;
    private final String name, device, description;

    /** Starts {@code command} (which runs {@link PeerServer}) and waits for its ready line. */
    public PeerProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        requests = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String[] ready = next("start");
        if (!ready[1].equals("ready") || ready.length < 5) {
            process.destroyForcibly();
            throw new IllegalStateException("the peer process did not start: " + String.join(" ", List.of(ready).subList(1, ready.length)));
        }
        name = ready[2];
        device = ready[3];
        description = ready[4];
    }

    /**
     * The command that runs {@code engineClass} in a child JVM: this JVM's java, its flags of memory,
     * garbage collection, modules and system properties, then {@code properties} (which win), this
     * class path, {@link PeerServer} and the class.
     */
    public static List<String> javaChild(String engineClass, Map<String, String> properties) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            boolean overridden = properties.keySet().stream().anyMatch(k -> a.startsWith("-D" + k + "="));
            if (!overridden && (a.startsWith("-XX:") || a.startsWith("-Xm") || a.startsWith("-Xss") || a.startsWith("-D")
                    || a.startsWith("--add-modules") || a.startsWith("--add-exports") || a.startsWith("--enable-native-access")))
                cmd.add(a);
        }
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PeerServer.class.getName());
        cmd.add(engineClass);
        return cmd;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized void prime(List<Case> cases, DType dtype, Budget budget) {
        requests.println(PeerProtocol.primeRequest(cases, dtype, budget));
        String[] a = next("prime");
        if (!a[1].equals("ok")) throw new IllegalStateException("peer " + name + ": priming failed: " + String.join(" ", a));
    }

    @Override
    public synchronized Result measure(Case c, DType dtype, Budget budget) {
        requests.println(PeerProtocol.measureRequest(c, dtype, budget));
        String[] a = next(c.label());
        if (a[1].equals("error")) return Result.notAvailable(name, device, dtype, c, "failed in the peer process: " + (a.length > 2 ? a[2] : "?"));
        return PeerProtocol.result(a, name, device, c, dtype);
    }

    /** The next answer's fields (prefix first), skipping lines without the prefix; fails if the child has gone. */
    private String[] next(String during) {
        try {
            for (String line; (line = answers.readLine()) != null; )
                if (line.startsWith(PeerProtocol.PREFIX + "\t")) return line.split("\t", -1);
        } catch (IOException e) {
            throw new IllegalStateException("peer process: reading its answer (" + during + "): " + e, e);
        }
        String exit = process.isAlive() ? "still running" : "exit status " + process.exitValue();
        throw new IllegalStateException("peer process ended without answering (" + during + "; " + exit + "; its stderr is above)");
    }

    /** Asks the child to quit and waits up to 10 s for it, then ends it. */
    @Override
    public void close() throws InterruptedException {
        requests.println("quit");
        requests.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
