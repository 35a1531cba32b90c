package org.jgrad.training.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command (npm, apt-get, dpkg, tar) as a child process in a folder with a time limit, and
 * turns a failure into an {@link IOException} that names the command and quotes the end of its
 * output.
 */
final class ChildProcesses {
    private ChildProcesses() {}

    /** Runs {@code command} in {@code folder}; returns its output (stdout and stderr together). */
    static String run(List<String> command, Path folder, Duration limit) throws IOException {
        Path log = Files.createTempFile(folder, ".output-", ".txt");
        try {
            Process p;
            try {
                p = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                throw new IOException("cannot run " + command.get(0) + ": "
                        + (m.contains("error=2,") ? "not found on the PATH" : DatasetCache.describe(e)), e);
            }
            Thread stopper = new Thread(p::destroyForcibly, "jgrad-child-stop"); // the JVM is stopped: stop the child too
            Runtime.getRuntime().addShutdownHook(stopper);
            boolean done;
            try {
                done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(String.join(" ", command) + " interrupted");
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took more than " + limit.toSeconds() + " s; stopped" + tail(output));
            }
            if (p.exitValue() != 0)
                throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue() + tail(output));
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The last non-blank lines of {@code output} (at most 3), as ": a | b | c", or "". */
    static String tail(String output) {
        List<String> lines = output.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (lines.isEmpty()) return "";
        return ": " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
