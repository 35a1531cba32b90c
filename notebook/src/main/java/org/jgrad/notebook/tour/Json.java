package org.jgrad.notebook.tour;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jgrad.nn.io.JsonWriter;

/**
 * JSON text exactly as Jupyter saves a notebook (Python's {@code json.dumps(nb, sort_keys=True,
 * indent=1, ensure_ascii=False)}): keys sorted, one space of indentation per level, non-ASCII
 * characters as they are. So a notebook generated here and one saved by Jupyter compare equal, and
 * the generated file is the same on every run.
 *
 * <p>Values are {@link Map} (string keys), {@link List}, {@link String}, {@link Integer},
 * {@link Boolean} and null.
 */
final class Json {
    private Json() {}

    /** {@code value} as text, without a final line end. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.toString();
    }

    private static void write(Object value, int depth, StringBuilder out) {
        if (value == null) out.append("null");
        else if (value instanceof String s) JsonWriter.appendString(out, s);
        else if (value instanceof Integer || value instanceof Boolean) out.append(value);
        else if (value instanceof Map<?, ?> map) object(map, depth, out);
        else if (value instanceof List<?> list) array(list, depth, out);
        else throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName());
    }

    private static void object(Map<?, ?> map, int depth, StringBuilder out) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put((String) k, v));
        out.append('{');
        String sep = "\n";
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            out.append(sep).append(" ".repeat(depth + 1));
            JsonWriter.appendString(out, e.getKey());
            out.append(": ");
            write(e.getValue(), depth + 1, out);
            sep = ",\n";
        }
        out.append('\n').append(" ".repeat(depth)).append('}');
    }

    private static void array(List<?> list, int depth, StringBuilder out) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        String sep = "\n";
        for (Object v : list) {
            out.append(sep).append(" ".repeat(depth + 1));
            write(v, depth + 1, out);
            sep = ",\n";
        }
        out.append('\n').append(" ".repeat(depth)).append(']');
    }
}
