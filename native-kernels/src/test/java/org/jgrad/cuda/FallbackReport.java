package org.jgrad.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Says which ops ran on the host instead of a kernel ({@link HostFallback}) and how often, for each
 * pass of the suite on its own ({@link CudaConformanceTest}: "conformance";
 * {@link CudaMatmulWithoutTensorCoresTest}: "no tensor cores"): a pass takes the counts when it
 * starts ({@link #start()}) and publishes what it added when it ends. Printed, and, when
 * {@code -Djgrad.fallbacks.file} names a file, appended there as {@code pass<TAB>count<TAB>op}
 * lines ({@code pass<TAB>none} when every op of the pass ran as a kernel) for the GPU check's summary.
 */
final class FallbackReport {
    static final String FILE_PROPERTY = "jgrad.fallbacks.file";

    private FallbackReport() {}

    /** The counts so far, for {@link #since}: call when a pass starts. */
    static Map<String, Long> start() {
        return HostFallback.counts();
    }

    /** What each op added to its count since {@code before} (ops that did not fall back since are left out). */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> now) {
        Map<String, Long> added = new TreeMap<>();
        now.forEach((op, n) -> {
            long d = n - before.getOrDefault(op, 0L);
            if (d > 0) added.put(op, d);
        });
        return added;
    }

    /** One line per op, {@code count<TAB>op}, most frequent first; "none" when every op ran as a kernel. */
    static String format(Map<String, Long> counts) {
        if (counts.isEmpty()) return "none\n";
        StringBuilder sb = new StringBuilder();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sb.append(e.getValue()).append('\t').append(e.getKey()).append('\n'));
        return sb.toString();
    }

    /** Prints the pass's fallbacks since {@code before} and appends them to the file named by {@value #FILE_PROPERTY}, if any. */
    static void publish(String pass, Map<String, Long> before) {
        String report = format(since(before, HostFallback.counts()));
        System.out.print("host fallbacks in " + pass + " (count, op):\n" + report);
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null || file.isBlank()) return;
        String lines = report.lines().map(line -> pass + '\t' + line + '\n').reduce("", String::concat);
        try {
            Files.writeString(Path.of(file), lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the host-fallback report to " + file, e);
        }
    }
}
