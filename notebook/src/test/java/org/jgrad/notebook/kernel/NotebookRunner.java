package org.jgrad.notebook.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgrad.notebook.cli.KernelSpec;

/**
 * scripts/run-notebooks.py run from a test, against a jgrad kernel spec that starts
 * {@link KernelMain} on this test's class path with the startup files of {@code ./jgrad kernel}
 * ({@link KernelSessions#STARTUPS}); so no launcher and no nested build. The runner needs
 * /usr/bin/python3 with nbclient: without it the test fails saying what to install.
 */
final class NotebookRunner {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String INSTALL = "apt-get install jupyter-notebook python3-nbclient";

    /** What a run printed and its exit status. */
    record Run(int exitCode, String output) {}

    private NotebookRunner() {}

    /** Fails the test, with the install command, unless /usr/bin/python3 has nbclient and nbformat. */
    static void requireNbclient() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) fail(PYTHON + " is missing; the notebook runner needs it: " + INSTALL);
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import nbclient, nbformat").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) fail(PYTHON + " cannot import nbclient and nbformat (" + out.strip() + "); install them: " + INSTALL);
    }

    /** Fails the test, with the install command, unless /usr/bin/python3 has ipykernel (the python3 kernel). */
    static void requireIpykernel() throws IOException, InterruptedException {
        requireNbclient();
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import ipykernel").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) fail(PYTHON + " cannot import ipykernel (" + out.strip() + "); install it: " + INSTALL);
    }

    /** Writes {@code dataDir/kernels/jgrad/kernel.json} starting this JVM's java with this test's class path. */
    static void installKernel(Path dataDir) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(KernelMain.compilerFlags());
        argv.addAll(List.of("-XX:+UseSerialGC", "-cp", classPath(), KernelMain.class.getName()));
        for (String startup : KernelSessions.STARTUPS)
            argv.addAll(List.of("--startup", startup.equals("DEFAULT") ? startup : Path.of(startup).toAbsolutePath().normalize().toString()));
        argv.add("{connection_file}");
        KernelSpec.write(dataDir, argv);
    }

    /** The test's real class path (surefire runs tests from a manifest-only jar, which it names apart). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** Runs the runner on {@code notebooks} with the kernels of {@code dataDir}; at most {@code seconds}. */
    static Run run(Path dataDir, long seconds, Path... notebooks) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        for (Path nb : notebooks) args.add(nb.toString());
        return run(dataDir, seconds, args);
    }

    /** Runs the runner with {@code args} (options and notebooks) and the kernels of {@code dataDir}; at most {@code seconds}. */
    static Run run(Path dataDir, long seconds, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), ROOT.resolve("scripts/run-notebooks.py").toString(), "--timeout", "60"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", dataDir.toString() + File.pathSeparator + pb.environment().getOrDefault("JUPYTER_PATH", ""));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the notebook runner took more than " + seconds + " s:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
