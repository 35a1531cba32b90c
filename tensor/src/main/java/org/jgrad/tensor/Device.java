package org.jgrad.tensor;

import java.util.Objects;

/**
 * Where an array's storage lives: the host ({@link #CPU}) or an accelerator such as {@code cuda:0}.
 *
 * @param type  backend family, e.g. {@code "cpu"} or {@code "cuda"}
 * @param index device ordinal within the family; 0 for the CPU
 */
public record Device(String type, int index) {
    /** The host. */
    public static final Device CPU = new Device("cpu", 0);

    public Device {
        Objects.requireNonNull(type, "type");
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }

    /** The CUDA device with the given ordinal. */
    public static Device cuda(int index) {
        return new Device("cuda", index);
    }

    /** Parses {@code "cpu"}, {@code "cuda"} or {@code "cuda:1"}. */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        int colon = t.indexOf(':');
        if (colon < 0) return t.equals("cpu") ? CPU : new Device(t, 0);
        try {
            return new Device(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a device: '" + text + "' (expected cpu, cuda or cuda:N)");
        }
    }

    @Override
    public String toString() {
        return type.equals("cpu") ? "cpu" : type + ":" + index;
    }
}
