package org.jgrad.notebook.kernel;

import java.util.List;
import org.jgrad.notebook.eval.JShellSession;

/** A kernel as {@code ./jgrad kernel} makes it (the same startup files, in order), for tests without Jupyter. */
final class KernelSessions {
    static final List<String> STARTUPS = List.of("DEFAULT", "../training/src/main/jshell/startup.jsh",
            "../bench/src/main/jshell/bench.jsh", "src/main/jshell/notebook.jsh");

    private KernelSessions() {}

    static JgradKernel kernel() {
        return new JgradKernel(new JShellSession(JShellSession.splitPath(System.getProperty("java.class.path")), KernelMain.compilerFlags(), STARTUPS));
    }
}
