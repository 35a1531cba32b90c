package org.jgrad.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Says which ops ran on the host instead of a kernel ({@link HostFallback}) and how often: printed
 * at the end of the conformance suite and, when {@code -Djgrad.fallbacks.file} names a file,
 * written there as {@code count<TAB>op} lines for the GPU check's summary.
 */
final class FallbackReport {
    static final String FILE_PROPERTY = "jgrad.fallbacks.file";

    private FallbackReport() {}

    /** One line per op, {@code count<TAB>op}, most frequent first; "none" when every op ran as a kernel. */
    static String format(Map<String, Long> counts) {
        if (counts.isEmpty()) return "none\n";
        StringBuilder sb = new StringBuilder();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sb.append(e.getValue()).append('\t').append(e.getKey()).append('\n'));
        return sb.toString();
    }

    /** Prints the report and writes it to the file named by {@value #FILE_PROPERTY}, if any. */
    static void publish(Map<String, Long> counts) {
        String report = format(counts);
        System.out.print("host fallbacks (count, op):\n" + report);
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null || file.isBlank()) return;
        try {
            Files.writeString(Path.of(file), report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the host-fallback report to " + file, e);
        }
    }
}
