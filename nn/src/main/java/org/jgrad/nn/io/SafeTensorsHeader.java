package org.jgrad.nn.io;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: one entry per tensor (dtype, shape, byte range in the
 * data section) and the optional {@code __metadata__} strings.
 *
 * <p>{@link #parse} checks everything a reader must before it touches the data: the header is a
 * JSON object without duplicate keys; every tensor entry has a known dtype, a shape of
 * non-negative integers and a {@code data_offsets} pair {@code [begin, end]} with
 * {@code end - begin = numel * dtype size}; the ranges, sorted, tile the data section exactly
 * (the first starts at 0, each starts where the previous ended, the last ends at the end of the
 * file), so there are no gaps, overlaps or trailing bytes. {@link #encode} writes the header
 * jgrad writes. Problems are {@link IllegalArgumentException}s; the caller adds the file name.
 */
final class SafeTensorsHeader {
    /** The key of the free-form string-to-string map. */
    static final String METADATA_KEY = "__metadata__";

    /** One tensor's header entry; begin and end are relative to the start of the data section. */
    record Entry(String name, SafeTensorsDType dtype, int[] shape, int numel, long begin, long end) {}

    final List<Entry> entries;
    final Map<String, String> metadata;

    private SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    // ================================================================ reading

    /** Parses and validates {@code json} for a data section of {@code dataLength} bytes. */
    static SafeTensorsHeader parse(String json, long dataLength) {
        Object root;
        try {
            root = JsonReader.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid JSON header: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) throw new IllegalArgumentException("the header is not a JSON object");
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) metadata = metadata(e.getValue());
            else entries.add(entry(name, e.getValue()));
        }
        checkLayout(entries, dataLength);
        return new SafeTensorsHeader(entries, Collections.unmodifiableMap(metadata));
    }

    private static Map<String, String> metadata(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == JsonReader.NULL) return out;
        if (!(value instanceof Map<?, ?> map)) throw new IllegalArgumentException(METADATA_KEY + " is not a JSON object");
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s))
                throw new IllegalArgumentException(METADATA_KEY + " value of \"" + e.getKey() + "\" is not a string");
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(String name, Object value) {
        String what = "tensor \"" + name + "\"";
        if (!(value instanceof Map<?, ?> info)) throw new IllegalArgumentException(what + ": entry is not a JSON object");
        Object dtypeValue = require(info, "dtype", what);
        if (!(dtypeValue instanceof String dtypeName)) throw new IllegalArgumentException(what + ": dtype is not a string");
        SafeTensorsDType dtype = SafeTensorsDType.byName(dtypeName);
        if (dtype == null) throw new IllegalArgumentException(what + ": unknown dtype \"" + dtypeName + "\"");
        if (dtype.target == null)
            throw new IllegalArgumentException(what + ": dtype " + dtypeName + " has no exact jgrad dtype and is not supported");

        Object shapeValue = require(info, "shape", what);
        if (!(shapeValue instanceof List<?> shapeList)) throw new IllegalArgumentException(what + ": shape is not a JSON array");
        int[] shape = new int[shapeList.size()];
        for (int i = 0; i < shape.length; i++) {
            long d = nonNegative(shapeList.get(i), what + ": shape");
            if (d > Integer.MAX_VALUE) throw new IllegalArgumentException(what + ": dimension " + d + " is larger than jgrad's limit " + Integer.MAX_VALUE);
            shape[i] = (int) d;
        }
        long numel = 1;
        boolean empty = Arrays.stream(shape).anyMatch(d -> d == 0);
        if (empty) numel = 0;
        else for (int d : shape) {
            numel *= d; // each factor < 2^31 and the product stays <= 2^31 - 1 below, so no overflow
            if (numel > Integer.MAX_VALUE)
                throw new IllegalArgumentException(what + ": shape " + Arrays.toString(shape) + " has more than " + Integer.MAX_VALUE + " elements, jgrad's limit");
        }

        Object offsetsValue = require(info, "data_offsets", what);
        if (!(offsetsValue instanceof List<?> offsets) || offsets.size() != 2)
            throw new IllegalArgumentException(what + ": data_offsets is not a [begin, end] pair");
        long begin = nonNegative(offsets.get(0), what + ": data_offsets");
        long end = nonNegative(offsets.get(1), what + ": data_offsets");
        if (end < begin) throw new IllegalArgumentException(what + ": data_offsets [" + begin + ", " + end + "] end before begin");
        long expected = numel * dtype.size;
        if (end - begin != expected)
            throw new IllegalArgumentException(what + ": data_offsets [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes, but shape " + Arrays.toString(shape) + " of " + dtypeName + " needs " + expected);
        return new Entry(name, dtype, shape, (int) numel, begin, end);
    }

    private static Object require(Map<?, ?> info, String key, String what) {
        Object v = info.get(key);
        if (v == null) throw new IllegalArgumentException(what + ": missing \"" + key + "\"");
        return v;
    }

    private static long nonNegative(Object v, String what) {
        if (!(v instanceof BigInteger b)) throw new IllegalArgumentException(what + " holds " + v + ", not an integer");
        if (b.signum() < 0 || b.bitLength() > 63) throw new IllegalArgumentException(what + " holds " + b + ", out of range");
        return b.longValue();
    }

    /** The byte ranges, in offset order, must tile [0, dataLength) exactly. */
    private static void checkLayout(List<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < at)
                throw new IllegalArgumentException("tensor \"" + e.name + "\" at [" + e.begin + ", " + e.end + "] overlaps tensor \""
                        + previous.name + "\" at [" + previous.begin + ", " + previous.end + "]");
            if (e.begin > at)
                throw new IllegalArgumentException("gap in the data section: bytes [" + at + ", " + e.begin + ") before tensor \""
                        + e.name + "\" belong to no tensor");
            at = e.end;
            previous = e;
        }
        if (at > dataLength)
            throw new IllegalArgumentException("truncated: the tensors need a data section of " + at + " bytes, the file holds " + dataLength);
        if (at < dataLength)
            throw new IllegalArgumentException("trailing bytes: the data section holds " + dataLength + " bytes, the tensors cover " + at);
    }

    // ================================================================ writing

    /**
     * The header bytes jgrad writes for {@code entries} (in data order) and {@code metadata}:
     * compact JSON, {@code __metadata__} first when there is any, then the tensors in data order,
     * each as {@code {"dtype":..,"shape":[..],"data_offsets":[b,e]}}; UTF-8, padded with spaces to
     * a multiple of 8 bytes so the data section starts 8-byte aligned.
     */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        if (metadata != null && !metadata.isEmpty()) {
            JsonWriter.appendString(sb, METADATA_KEY).append(":{");
            boolean firstKey = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (!firstKey) sb.append(',');
                JsonWriter.appendString(sb, m.getKey()).append(':');
                JsonWriter.appendString(sb, m.getValue());
                firstKey = false;
            }
            sb.append('}');
            first = false;
        }
        for (Entry e : entries) {
            if (!first) sb.append(',');
            JsonWriter.appendString(sb, e.name).append(":{\"dtype\":");
            JsonWriter.appendString(sb, e.dtype.name()).append(",\"shape\":");
            JsonWriter.appendLongs(sb, Arrays.stream(e.shape).asLongStream().toArray()).append(",\"data_offsets\":");
            JsonWriter.appendLongs(sb, e.begin, e.end).append('}');
            first = false;
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }
}
