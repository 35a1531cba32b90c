package org.jgrad.notebook.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.jgrad.notebook.eval.JShellSession;

/**
 * Starts the kernel for Jupyter: {@code KernelMain [--startup FILE]... CONNECTION_FILE}, the way
 * {@code ./jgrad kernel} runs it (kernel.json's argv). JShell compiles against this JVM's class path
 * and with the incubating modules it was started with, and runs the startup files in order
 * ({@code DEFAULT} is JShell's own imports), so a cell sees what {@code ./jgrad shell} sees.
 */
public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        List<String> startups = new ArrayList<>();
        String connectionFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--startup") && i + 1 < args.length) startups.add(args[++i]);
            else if (connectionFile == null && !args[i].startsWith("--")) connectionFile = args[i];
            else throw new IllegalArgumentException("usage: KernelMain [--startup FILE]... CONNECTION_FILE; got '" + args[i] + "'");
        }
        if (connectionFile == null) throw new IllegalArgumentException("usage: KernelMain [--startup FILE]... CONNECTION_FILE");
        JShellSession session = new JShellSession(JShellSession.splitPath(System.getProperty("java.class.path")), compilerFlags(), startups);
        JgradKernel kernel = new JgradKernel(session);
        JupyterConnection connection = new JupyterConnection(KernelConnectionProperties.parse(Files.readString(Path.of(connectionFile))));
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        connection.connect();
        connection.waitUntilClose();
    }

    /** javac flags for the modules this JVM added that are not resolved by default (the Vector API's incubator). */
    static List<String> compilerFlags() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? List.of("--add-modules", "jdk.incubator.vector") : List.of();
    }
}
