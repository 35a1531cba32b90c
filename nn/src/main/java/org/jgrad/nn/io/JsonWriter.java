package org.jgrad.nn.io;

/**
 * JSON text for the values a safetensors header holds: strings and non-negative integers, written
 * compactly (no whitespace), the way the reference implementation writes them.
 */
public final class JsonWriter {
    private JsonWriter() {}

    /**
     * Appends {@code s} as a JSON string: {@code "} and {@code \} escaped, control characters
     * U+0000..U+001F escaped (the short forms {@code \b \f \n \r \t} where JSON has them, else
     * {@code \}{@code u00XX}), everything else written as is (UTF-8 once encoded).
     */
    public static StringBuilder appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }

    /** Appends {@code [a,b,...]}. */
    static StringBuilder appendLongs(StringBuilder out, long... values) {
        out.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) out.append(',');
            out.append(values[i]);
        }
        return out.append(']');
    }
}
