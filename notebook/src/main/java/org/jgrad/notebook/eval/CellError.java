package org.jgrad.notebook.eval;

import java.util.List;

/**
 * A cell that did not compile or threw: the message a reader needs (jgrad's own message, which names
 * the op, shapes and dtypes) and the cell line it came from, instead of JShell's stack of generated
 * classes.
 *
 * <p>{@link #getMessage()} is one line (the error's name and message); {@link #lines()} adds where.
 */
public final class CellError extends RuntimeException {
    private final String name;
    private final List<String> lines;

    /**
     * @param name    the error's short name, e.g. {@code IllegalArgumentException} or {@code CompileError}
     * @param message its message
     * @param lines   every line to show in the cell's output (message first, then where)
     */
    public CellError(String name, String message, List<String> lines) {
        super(message);
        this.name = name;
        this.lines = List.copyOf(lines);
    }

    /** The error's short name. */
    public String name() {
        return name;
    }

    /** The lines shown in the cell's output. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
