package org.jgrad.notebook.tour;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of cells as an nbformat 4.5 notebook for the jgrad kernel: no outputs, every execution
 * count null, cell ids by position ({@code cell-00}, {@code cell-01}, ...), so the text depends on
 * the cells alone. A code cell's metadata names where its code comes from
 * ({@code "jgrad": {"origin": "path#region"}}, plus {@code "setup": true} for a notebook-only cell),
 * which the runner prints when the cell fails.
 */
public final class Ipynb {
    /** The kernel spec's name; {@code ./jgrad notebook --install} writes a kernel of this name. */
    public static final String KERNEL_NAME = "jgrad";

    private Ipynb() {}

    /** The notebook's JSON text, ending with a line end, as Jupyter would save it. */
    public static String text(List<Cell> cells) {
        return Json.write(notebook(cells)) + "\n";
    }

    static Map<String, Object> notebook(List<Cell> cells) {
        List<Object> json = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) json.add(cell(cells.get(i), String.format("cell-%02d", i)));
        Map<String, Object> nb = new LinkedHashMap<>();
        nb.put("cells", json);
        nb.put("metadata", Map.of(
                "kernelspec", Map.of("name", KERNEL_NAME, "display_name", "jgrad (Java)", "language", "java"),
                "language_info", Map.of("name", "java", "codemirror_mode", "java", "file_extension", ".jshell",
                        "mimetype", "text/x-java-source", "pygments_lexer", "java")));
        nb.put("nbformat", 4);
        nb.put("nbformat_minor", 5);
        return nb;
    }

    private static Map<String, Object> cell(Cell c, String id) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cell_type", c.code() ? "code" : "markdown");
        json.put("id", id);
        json.put("source", source(c.lines()));
        if (!c.code()) {
            json.put("metadata", Map.of());
            return json;
        }
        Map<String, Object> jgrad = new LinkedHashMap<>();
        jgrad.put("origin", c.origin());
        if (c.setup()) jgrad.put("setup", true);
        json.put("metadata", Map.of("jgrad", jgrad));
        json.put("execution_count", null);
        json.put("outputs", List.of());
        return json;
    }

    /** Jupyter's form of a cell's text: one string per line, each but the last ending with a line end. */
    private static List<String> source(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) out.add(i < lines.size() - 1 ? lines.get(i) + "\n" : lines.get(i));
        return out;
    }
}
