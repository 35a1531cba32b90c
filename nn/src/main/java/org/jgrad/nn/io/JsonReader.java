package org.jgrad.nn.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) parser, enough for a safetensors header.
 *
 * <p>Values come back as: {@link LinkedHashMap} (objects, keys in document order), {@link List}
 * (arrays), {@link String}, {@link BigInteger} (numbers without fraction or exponent),
 * {@link BigDecimal} (other numbers, accepted for tolerance though a header has no use for them),
 * {@link Boolean}, and {@link #NULL} for {@code null}. Duplicate keys in an object, unpaired
 * surrogate escapes, raw control characters in strings, trailing commas, leading zeros and
 * anything after the top-level value other than whitespace are errors. Nesting deeper than
 * {@link #MAX_DEPTH} is an error, so a hostile header cannot overflow the stack.
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message names the character offset.
 */
public final class JsonReader {
    /** The JSON {@code null} (a {@code Map} cannot hold Java {@code null} usefully). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Deepest nesting of arrays and objects accepted. */
    static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private JsonReader(String text) {
        this.text = text;
    }

    /** Parses {@code text}, which must hold exactly one JSON value, optionally surrounded by whitespace. */
    public static Object parse(String text) {
        JsonReader r = new JsonReader(text);
        r.skipWhitespace();
        Object value = r.value(0);
        r.skipWhitespace();
        if (r.pos != text.length()) throw r.error("unexpected " + r.describe(r.pos) + " after the JSON value");
        return value;
    }

    private Object value(int depth) {
        if (pos >= text.length()) throw error("unexpected end of input, expected a value");
        char c = text.charAt(pos);
        switch (c) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return string();
            case 't': literal("true"); return Boolean.TRUE;
            case 'f': literal("false"); return Boolean.FALSE;
            case 'n': literal("null"); return NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected " + describe(pos) + ", expected a value");
        }
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        pos++; // '{'
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw error("expected a string key, found " + describe(pos));
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth);
            if (map.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            map.put(key, v);
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return map;
            } else {
                throw error("expected ',' or '}' in an object, found " + describe(pos));
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return list;
            } else {
                throw error("expected ',' or ']' in an array, found " + describe(pos));
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) throw error("raw control character U+" + hex4(c) + " in a string");
            if (c != '\\') {
                // Characters from the UTF-8 decoder are well-formed; surrogate pairs arrive as pairs.
                sb.append(c);
                pos++;
                continue;
            }
            int escAt = pos;
            pos++;
            if (pos >= text.length()) throw error("unterminated escape");
            char e = text.charAt(pos++);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': {
                    char u = hexEscape();
                    if (Character.isHighSurrogate(u)) {
                        if (!text.startsWith("\\u", pos)) {
                            pos = escAt;
                            throw error("unpaired surrogate escape \\u" + hex4(u));
                        }
                        pos += 2;
                        char low = hexEscape();
                        if (!Character.isLowSurrogate(low)) {
                            pos = escAt;
                            throw error("unpaired surrogate escape \\u" + hex4(u));
                        }
                        sb.append(u).append(low);
                    } else if (Character.isLowSurrogate(u)) {
                        pos = escAt;
                        throw error("unpaired surrogate escape \\u" + hex4(u));
                    } else {
                        sb.append(u);
                    }
                    break;
                }
                default:
                    pos = escAt;
                    throw error("invalid escape \\" + e);
            }
        }
    }

    /** Four hex digits after "\\u". */
    private char hexEscape() {
        if (pos + 4 > text.length()) throw error("truncated \\u escape");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) throw error("invalid hex digit in \\u escape");
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) throw error("leading zero in a number");
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw error("expected a digit, found " + describe(pos));
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) throw error("expected a digit after '.'");
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw error("expected a digit in the exponent");
            while (isDigit(peek())) pos++;
        }
        if (pos - start > 400) throw error("number literal too long");
        String lit = text.substring(start, pos);
        try {
            return integral ? new BigInteger(lit) : new BigDecimal(lit);
        } catch (NumberFormatException e) {   // BigDecimal's exponent is an int: 1e99999999999 does not fit
            pos = start;
            throw error("number " + lit + " is out of range (" + e.getMessage() + ")");
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) throw error("unexpected " + describe(pos) + ", expected a value");
        pos += word.length();
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "', found " + describe(pos));
        pos++;
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    /** The character at the cursor, or U+FFFF at the end. */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\uffff';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String describe(int at) {
        if (at >= text.length()) return "end of input";
        char c = text.charAt(at);
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : "U+" + hex4(c);
    }

    private static String hex4(char c) {
        return String.format("%04X", (int) c);
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " at character " + pos);
    }
}
