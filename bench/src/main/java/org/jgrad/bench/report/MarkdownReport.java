package org.jgrad.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.Numbers;
import org.jgrad.bench.harness.Result;
import org.jgrad.bench.timing.Timeit;
import org.jgrad.tensor.DType;

/**
 * The report as Markdown: the machine, engines and settings, then one table per family with, for
 * every engine@device column, the rate at the median time with its spread (the rates at the slowest
 * and the fastest repeat) and the median time, then the {@link Ratio}s. Cases that did not run read
 * "n/a" with a numbered note giving the reason.
 */
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String render(BenchReport report, List<String> chartFiles) {
        StringBuilder md = new StringBuilder();
        Machine m = report.machine();
        md.append("# jgrad bench (").append(report.plan()).append(") — ").append(m.date(), 0, Math.min(10, m.date().length())).append("\n\n");
        machine(md, m, "");
        md.append("- settings: ").append(report.settings()).append("\n");
        md.append("- rate = work of one call / median seconds per call (matmul 2·n³ flop, conv2d 2·N·Cout·OH·OW·Cin·k² flop, ")
                .append("add 3·n, relu 2·n and reductions n elements × bytes per element, training images); ")
                .append("[low–high] = the rates at the slowest and the fastest repeat; a ratio above 1 means the first engine is faster\n");
        for (BenchReport.Merged merged : report.merged()) {
            md.append("- merged from ").append(merged.source()).append(":\n");
            machine(md, merged.machine(), "  ");
        }
        md.append("\n");
        for (String chart : chartFiles) md.append("![").append(chart).append("](").append(chart).append(")\n");
        if (!chartFiles.isEmpty()) md.append("\n");

        List<Result> all = report.allResults();
        List<String> columns = report.columns();
        List<Ratio> ratios = Ratio.pairs(columns);
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, List<Case>> family : families(all).entrySet()) {
            md.append("## ").append(family.getKey()).append("\n\n| case | dtype | unit |");
            for (String c : columns) md.append(' ').append(c).append(" |");
            for (Ratio r : ratios) md.append(' ').append(r.title()).append(" |");
            md.append("\n|---|---|---|");
            md.append("---:|".repeat(columns.size() + ratios.size())).append("\n");
            for (Case c : family.getValue()) {
                for (DType dtype : dtypes(all)) {
                    if (all.stream().noneMatch(r -> r.benchCase().equals(c) && r.dtype() == dtype)) continue;
                    md.append("| ").append(c.label()).append(" | ").append(dtype).append(" | ").append(c.unit()).append(" |");
                    for (String column : columns) md.append(' ').append(cell(all, column, c, dtype, notes)).append(" |");
                    for (Ratio r : ratios) md.append(' ').append(Numbers.ratio(r.of(all, c, dtype))).append(" |");
                    md.append("\n");
                }
            }
            md.append("\n");
        }
        if (!notes.isEmpty()) {
            md.append("## Notes (n/a)\n\n");
            for (int i = 0; i < notes.size(); i++) md.append(i + 1).append(". ").append(notes.get(i)).append("\n");
        }
        return md.toString();
    }

    private static void machine(StringBuilder md, Machine m, String indent) {
        md.append(indent).append("- machine: ").append(m.cpu()).append(", ").append(m.cores()).append(" cores; Java ").append(m.java())
                .append("; ").append(m.os()).append("\n");
        md.append(indent).append("- date: ").append(m.date()).append("\n");
        if (!m.load().isEmpty()) md.append(indent).append("- load: ").append(m.load()).append("\n");
        for (String e : m.engines()) md.append(indent).append("- ").append(e).append("\n");
    }

    private static String cell(List<Result> all, String column, Case c, DType dtype, List<String> notes) {
        for (Result r : all) {
            if (!r.column().equals(column) || r.dtype() != dtype || !r.benchCase().equals(c)) continue;
            if (!r.ran()) {
                notes.add(column + " " + dtype + " " + c.label() + ": " + r.na());
                return "n/a [" + notes.size() + "]";
            }
            return Numbers.threeDigits(r.rate()) + " [" + Numbers.threeDigits(r.rateAtMax()) + "–" + Numbers.threeDigits(r.rateAtMin())
                    + "] · " + Timeit.formatSeconds(r.seconds().median());
        }
        return "";
    }

    /** Cases grouped by family, in order of first appearance. */
    static Map<String, List<Case>> families(List<Result> results) {
        Map<String, List<Case>> out = new LinkedHashMap<>();
        for (Result r : results) {
            List<Case> cases = out.computeIfAbsent(r.benchCase().family(), k -> new ArrayList<>());
            if (!cases.contains(r.benchCase())) cases.add(r.benchCase());
        }
        return out;
    }

    static List<DType> dtypes(List<Result> results) {
        Set<DType> out = new LinkedHashSet<>();
        for (Result r : results) out.add(r.dtype());
        return List.copyOf(out);
    }
}
