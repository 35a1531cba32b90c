package org.jgrad.notebook.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Jupyter installation {@code ./jgrad notebook} runs: Debian's {@code jupyter-notebook}
 * package, installed through apt-get when it is missing (as root, or through sudo), with the
 * command printed first so a user knows what is happening; its data folder; the server.
 */
final class Jupyter {
    static final String PACKAGES = "jupyter-notebook python3-nbclient";

    private Jupyter() {}

    /** Installs Debian's Jupyter when {@code jupyter-notebook} is not on the PATH; fails with the command to run otherwise. */
    static void ensureInstalled(PrintStream out) throws IOException {
        if (onPath("jupyter-notebook")) return;
        String manual = "Jupyter is missing: install it with  sudo apt-get install -y " + PACKAGES + "  (Debian, Ubuntu), then run ./jgrad notebook again";
        if (!onPath("apt-get")) throw new IllegalStateException(manual);
        List<String> command = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            if (!onPath("sudo")) throw new IllegalStateException(manual);
            command.add("sudo");
        }
        command.addAll(List.of("apt-get", "install", "-y"));
        command.addAll(List.of(PACKAGES.split(" ")));
        out.println("Jupyter is missing; installing Debian's packages: " + String.join(" ", command));
        out.flush();
        if (run(command) != 0 || !onPath("jupyter-notebook")) throw new IllegalStateException("the installation failed. " + manual);
    }

    /** {@code jupyter --data-dir}: where a user's kernel specs live. */
    static Path dataDir() throws IOException {
        Process p = new ProcessBuilder("jupyter", "--data-dir").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (waitFor(p) != 0 || text.isEmpty()) throw new IllegalStateException("jupyter --data-dir failed: " + text);
        return Path.of(text.lines().reduce((a, b) -> b).orElseThrow());
    }

    /** Runs the notebook server in the foreground, its output on this terminal. */
    static void runNotebook(Path dir, int port, boolean browser) throws IOException {
        List<String> command = new ArrayList<>(List.of("jupyter", "notebook", "--notebook-dir=" + dir, "--port=" + port));
        if (!browser) command.add("--no-browser");
        if ("root".equals(System.getProperty("user.name"))) command.add("--allow-root");
        int status = run(command);
        if (status != 0) throw new IllegalStateException("jupyter notebook exited with status " + status);
    }

    private static int run(List<String> command) throws IOException {
        return waitFor(new ProcessBuilder(command).inheritIO().start());
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator))
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        return false;
    }
}
