package org.jgrad.notebook.display;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.jgrad.bench.report.BenchReport;
import org.jgrad.bench.report.Charts;
import org.jgrad.bench.report.MarkdownReport;

/**
 * A bench run in a notebook: the Markdown report {@code ./jgrad bench} writes as bench.md, with its
 * charts (throughput, CPU against GPU, speed-ups) inline as images instead of files beside it.
 */
final class BenchDisplay {
    private BenchDisplay() {}

    static DisplayData of(BenchReport report) {
        try {
            Path dir = Files.createTempDirectory("jgrad-bench-charts-");
            try {
                List<String> charts = Charts.write(report, dir);
                String markdown = MarkdownReport.render(report, charts);
                for (String chart : charts)
                    markdown = markdown.replace("](" + chart + ")", "](data:image/png;base64,"
                            + Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(chart))) + ")");
                DisplayData d = new DisplayData(MarkdownReport.render(report, List.of()));
                d.putMarkdown(markdown);
                return d;
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bench report: the charts could not be drawn: " + e.getMessage(), e);
        }
    }
}
