package org.jgrad.training.cli;

import java.io.PrintStream;

/** A {@link Command} registered only on the test class path, to check that {@link Jgrad} finds contributed commands. */
public final class EchoCommand implements Command {
    @Override
    public String name() {
        return "echo-test";
    }

    @Override
    public String usage() {
        return "echo-test   prints its arguments\n            (a second usage line)";
    }

    @Override
    public void run(String[] args, PrintStream out) {
        if (args.length == 0) throw new IllegalArgumentException("echo-test needs an argument");
        out.println(String.join(" ", args));
    }
}
