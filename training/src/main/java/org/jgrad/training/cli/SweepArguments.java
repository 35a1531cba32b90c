package org.jgrad.training.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's command line split in two: the sweep's own options (each with a value) and the rest,
 * which the command that runs each setting parses as usual.
 */
record SweepArguments(Map<String, String> own, String[] rest) {
    static SweepArguments split(String[] args, Set<String> names) {
        Map<String, String> own = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (!names.contains(args[i])) {
                rest.add(args[i]);
                continue;
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) throw new IllegalArgumentException(args[i] + " needs a value");
            if (own.put(args[i], args[i + 1]) != null) throw new IllegalArgumentException(args[i] + " is given twice");
            i++;
        }
        return new SweepArguments(Map.copyOf(own), rest.toArray(String[]::new));
    }

    /** The value of {@code name}, or {@code fallback} when it was not given. */
    String get(String name, String fallback) {
        return own.getOrDefault(name, fallback);
    }

    /** Checks that {@code --sweep} names {@code expected}, the one sweep of its command. */
    void requireSweep(String expected) {
        String given = own.get("--sweep");
        if (!expected.equals(given)) throw new IllegalArgumentException("--sweep: the one sweep here is " + expected + ", got '" + given + "'");
    }

    /** The value of {@code name} as an int >= 1, or {@code fallback}. */
    int positive(String name, int fallback) {
        return own.containsKey(name) ? DataModelOptions.positive(name, own.get(name)) : fallback;
    }
}
