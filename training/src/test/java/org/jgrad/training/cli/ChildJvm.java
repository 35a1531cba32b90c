package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code jgrad} commands (or any main class on the test class path) in a child JVM with the
 * flags the launcher uses and a chosen thread count ({@code -Djgrad.threads}); its output goes to
 * a log file, which failures quote.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** Starts {@code mainClass} with {@code args} on {@code threads} threads, its output to {@code log}. */
    static Process start(Path log, int threads, Class<?> mainClass, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-Djgrad.threads=" + threads, "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Starts {@code jgrad args...} ({@link Jgrad}'s main). */
    static Process startJgrad(Path log, int threads, String... args) throws IOException {
        return start(log, threads, Jgrad.class, args);
    }

    /** Waits for {@code p} to end, at most {@code minutes}, and asserts it exited with 0. */
    static void awaitSuccess(Process p, Path log, int minutes, String what) throws InterruptedException {
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not finish in " + minutes + " minutes:\n" + read(log));
        }
        assertEquals(0, p.exitValue(), () -> what + " failed:\n" + read(log));
    }

    /** The log's text, or why it cannot be read. */
    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
