package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;

/**
 * A command of {@code ./jgrad} that lives in a module built on top of training (the benchmarks'
 * {@code bench}, for example). {@link Jgrad} finds these through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.jgrad.training.cli.Command}), so training needs no dependency on them
 * and they appear whenever their module is on the class path (the launcher puts bench's there).
 */
public interface Command {
    /** The word after {@code ./jgrad}, e.g. "bench". */
    String name();

    /** Its lines for {@code ./jgrad help}: the first starts with the name, the rest are indented to match. */
    String usage();

    /**
     * Its options, for {@code ./jgrad <name> --help} and for rejecting an unknown option with the
     * list of valid ones before {@link #run} is called; null (the default) when the command
     * checks its own arguments, and then {@code --help} prints {@link #usage()}.
     */
    default CommandHelp help() {
        return null;
    }

    /** Runs it; caller mistakes are {@link IllegalArgumentException}s with a message for the user. */
    void run(String[] args, PrintStream out) throws IOException;
}
