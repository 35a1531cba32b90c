package org.jgrad.notebook.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jgrad.training.cli.Command;
import org.jgrad.training.cli.CommandHelp;

/**
 * {@code ./jgrad notebook}: installs jgrad's kernel spec for Jupyter and starts Jupyter on the tour's
 * notebooks (docs/notebooks), printing where to open it; {@code --install DIR} only writes the spec
 * under DIR (for {@code JUPYTER_PATH=DIR}, as CI does). The kernel runs as {@code ./jgrad kernel},
 * with the class path, JVM flags and startup imports of {@code ./jgrad shell}.
 */
public final class NotebookCommand implements Command {
    /** Set by the launcher to its own path, so the kernel spec can start {@code ./jgrad kernel}. */
    static final String LAUNCHER_PROPERTY = "jgrad.launcher";

    @Override
    public String name() {
        return "notebook";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "notebook    Jupyter on the tour's notebooks with jgrad's kernel (installs the kernel spec; Jupyter from Debian's",
                "            jupyter-notebook, installed when missing); --dir DIR, --port N, --no-browser, --emulated-cuda,",
                "            --install DIR (only write DIR/kernels/jgrad/kernel.json, for JUPYTER_PATH=DIR)");
    }

    @Override
    public CommandHelp help() {
        return new CommandHelp("notebook", "", "Jupyter on the tour's notebooks, with jgrad's kernel",
                List.of("writes the kernel spec (kernels/jgrad/kernel.json) into Jupyter's data folder, then runs",
                        "jupyter notebook; open the URL it prints. Cells are Java (JShell, ./jgrad shell's imports) with",
                        "the magics %timeit, %memory, %empty_cache and %device"),
                List.of(CommandHelp.option("--dir", "DIR", "the folder Jupyter opens (default: the tour's notebooks, docs/notebooks)"),
                        CommandHelp.option("--port", "N", "Jupyter's port (default 8888)"),
                        CommandHelp.flag("--no-browser", "do not open a browser (on a remote machine)"),
                        CommandHelp.flag("--emulated-cuda", "the kernel runs with the emulated CUDA device (-Djgrad.cuda.emulated=true)"),
                        CommandHelp.option("--install", "DIR", "only write DIR/kernels/jgrad/kernel.json and stop (run Jupyter with JUPYTER_PATH=DIR)")));
    }

    @Override
    public void run(String[] args, PrintStream out) throws IOException {
        Path install = null, dir = null;
        int port = 8888;
        boolean browser = true, emulated = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--install" -> install = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--port" -> port = port(args[++i]);
                case "--no-browser" -> browser = false;
                case "--emulated-cuda" -> emulated = true;
                default -> throw new IllegalArgumentException("notebook takes no operand, got '" + args[i] + "' (./jgrad notebook --help)");
            }
        }
        String launcher = System.getProperty(LAUNCHER_PROPERTY);
        if (launcher == null) throw new IllegalArgumentException("notebook: run it through the launcher, ./jgrad notebook (the kernel starts as ./jgrad kernel)");
        List<String> argv = new ArrayList<>(List.of(launcher));
        if (emulated) argv.add("-Djgrad.cuda.emulated=true");
        argv.addAll(List.of("kernel", "{connection_file}"));
        if (install != null) {
            out.println("kernel spec: " + KernelSpec.write(install, argv) + " (run Jupyter or nbclient with JUPYTER_PATH=" + install + ")");
            return;
        }
        Jupyter.ensureInstalled(out);
        Path spec = KernelSpec.write(Jupyter.dataDir(), argv);
        Path notebooks = dir != null ? dir : Path.of(launcher).toAbsolutePath().getParent().resolve("docs").resolve("notebooks");
        if (!Files.isDirectory(notebooks)) throw new IllegalArgumentException("notebook: --dir " + notebooks + ": no such folder");
        out.println("kernel spec: " + spec);
        out.println("starting Jupyter on " + notebooks + " (port " + port + "); open the URL with the token that it prints below, Ctrl-C stops it");
        out.flush();
        Jupyter.runNotebook(notebooks, port, browser);
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a port number 1-65535, got '" + text + "'");
    }
}
