package org.jgrad.notebook.magic;

import org.jgrad.notebook.eval.JShellSession;

/** A {@code %name arguments} line of a cell, run by the kernel rather than by JShell. */
@FunctionalInterface
public interface LineMagic {
    /**
     * Runs the magic.
     *
     * @param arguments the rest of the line after {@code %name}, stripped
     * @param session   the cell's JShell, for magics that evaluate code
     * @param line      the magic's line in the cell (1-based), for error messages
     * @return a value to show as the cell's result, or null
     */
    Object run(String arguments, JShellSession session, int line);
}
