package org.jgrad.notebook.tour;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** Where a committed notebook first differs from the generated one, said as a cell and its first line. */
final class StaleNotebook {
    private StaleNotebook() {}

    /** The first differing cell (index and first line of each side), or what else differs. */
    static String firstDifference(String committed, String generated) {
        JsonObject old;
        try {
            old = JsonParser.parseString(committed).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            return "the committed file is not a notebook (" + e.getMessage() + ")";
        }
        JsonArray a = old.getAsJsonArray("cells"), b = JsonParser.parseString(generated).getAsJsonObject().getAsJsonArray("cells");
        if (a == null) return "the committed file has no cells";
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i >= a.size()) return "cell " + i + " is only in the generated notebook: " + firstLine(b.get(i));
            if (i >= b.size()) return "cell " + i + " is only in the committed notebook: " + firstLine(a.get(i));
            if (!a.get(i).equals(b.get(i)))
                return "cell " + i + " differs; committed: " + firstLine(a.get(i)) + "; generated: " + firstLine(b.get(i)) + lineDifference(a.get(i), b.get(i));
        }
        return committed.equals(generated) ? "no difference" : "the cells are the same; the notebook's metadata or layout differs";
    }

    /** Where the two cells' sources first differ, when they do ("" when only metadata or type differ). */
    private static String lineDifference(JsonElement committed, JsonElement generated) {
        JsonArray a = committed.getAsJsonObject().getAsJsonArray("source"), b = generated.getAsJsonObject().getAsJsonArray("source");
        for (int k = 0; k < Math.max(a.size(), b.size()); k++) {
            String x = k < a.size() ? a.get(k).getAsString().stripTrailing() : "(none)", y = k < b.size() ? b.get(k).getAsString().stripTrailing() : "(none)";
            if (!x.equals(y)) return "\n    its line " + (k + 1) + ", committed: " + x + "\n    its line " + (k + 1) + ", generated: " + y;
        }
        return "";
    }

    /** A cell's type and first non-blank line of source. */
    private static String firstLine(JsonElement cell) {
        JsonObject c = cell.getAsJsonObject();
        String first = "";
        for (JsonElement line : c.getAsJsonArray("source")) {
            if (!line.getAsString().isBlank()) {
                first = line.getAsString().strip();
                break;
            }
        }
        return c.get("cell_type").getAsString() + " \"" + first + "\"";
    }
}
