package org.jgrad.notebook.tour;

import java.util.List;
import java.util.Objects;

/**
 * One cell of a generated notebook.
 *
 * @param code   true for a code cell (run by the kernel), false for a Markdown cell
 * @param lines  the cell's text, one entry per line, without line ends
 * @param origin where a code cell's text comes from ({@code path#region} from the repository root), or null
 * @param setup  true for a code cell that only the notebook shows: a {@code notebook:begin} region of a
 *               test source, which the page leaves out
 */
public record Cell(boolean code, List<String> lines, String origin, boolean setup) {
    public Cell {
        lines = List.copyOf(lines);
        if (!code && (origin != null || setup)) throw new IllegalArgumentException("only a code cell has an origin or is a setup");
        if (code) Objects.requireNonNull(origin, "a code cell names its origin");
    }

    /** A Markdown cell. */
    public static Cell markdown(List<String> lines) {
        return new Cell(false, lines, null, false);
    }

    /** A code cell quoting {@code origin}. */
    public static Cell code(List<String> lines, String origin, boolean setup) {
        return new Cell(true, lines, origin, setup);
    }

    /** The first line that is not blank, for messages ("" for an empty cell). */
    public String firstLine() {
        return lines.stream().filter(l -> !l.isBlank()).findFirst().map(String::strip).orElse("");
    }
}
