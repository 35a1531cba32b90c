package org.jgrad.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.Numbers;
import org.jgrad.bench.harness.Result;
import org.jgrad.bench.timing.Timeit;

/**
 * {@code bench/results/cpu-<date>.md}: jgrad and a CPU peer (PyTorch) side by side from one run of
 * {@code ./jgrad bench --cpu-report}: the machine, date, load and settings, then per family (training
 * steps, epochs, matmul, conv2d) each case's median time on both engines with the range of its timed
 * loops, the time ratio jgrad/peer ({@link PairedRatio}: of the medians, with the range of the
 * loop-by-loop ratios), and for the epochs the test accuracy of both; then the check of the peer's
 * rows against the peer measured alone, in a fresh process with no jgrad case in between.
 */
public final class CpuComparison {
    private CpuComparison() {}

    /** What the report shows; {@code alone} are the peer's results measured alone (may be empty). */
    public record Run(Machine machine, String settings, String command, List<Result> results, List<Result> alone, String peer) {}

    public static String render(Run run) {
        StringBuilder md = new StringBuilder();
        Machine m = run.machine();
        String peer = run.peer();
        md.append("# CPU: jgrad and ").append(peer).append(" side by side — ").append(m.date(), 0, Math.min(10, m.date().length())).append("\n\n");
        md.append("- machine: ").append(m.cpu()).append(", ").append(m.cores()).append(" cores; ").append(m.os()).append("\n");
        md.append("- date: ").append(m.date()).append("\n");
        md.append("- load: ").append(m.load()).append("\n");
        md.append("- JVM: ").append(m.java()).append("\n");
        for (String e : m.engines()) md.append("- ").append(e).append("\n");
        md.append("- settings: ").append(run.settings()).append("\n");
        md.append("- made by: `").append(run.command()).append("`\n");
        md.append("- how: the ").append(peer).append(" peer runs in a child JVM of its own; the two engines take turns case by case"
                + " (jgrad's case i, then ").append(peer).append("'s case i), and only one computes at a time (the other waits on a pipe)."
                + " Each cell is the median seconds per call over the timed loops, [the fastest – the slowest loop];"
                + " ratio = jgrad's median / ").append(peer).append("'s median (time: below 1.00× jgrad is faster);"
                + " spread = the lowest – highest of the loop-by-loop ratios, jgrad's k-th timed loop / ").append(peer)
                .append("'s k-th, k = 1 … the smaller loop count (n pairs); an epoch runs once per repeat, so its spread has one pair per repeat.\n\n");

        List<String> notes = new ArrayList<>();
        List<String> over = new ArrayList<>();
        Map<String, List<Case>> families = MarkdownReport.families(run.results());
        for (String family : List.of("train_step", "epoch", "matmul", "conv2d", "elementwise", "reduction")) {
            List<Case> cases = families.get(family);
            if (cases == null) continue;
            boolean epoch = family.equals("epoch");
            md.append("## ").append(title(family)).append("\n\n| case | jgrad | ").append(peer).append(" | jgrad/").append(peer)
                    .append(" time | spread (pairs) |").append(epoch ? " jgrad test accuracy | " + peer + " test accuracy |" : " rate jgrad / " + peer + " |")
                    .append("\n|---|---:|---:|---:|---:|---:|").append(epoch ? "---:|" : "").append("\n");
            for (Case c : cases) {
                Optional<Result> j = find(run.results(), "jgrad", c), p = find(run.results(), peer, c);
                md.append("| ").append(c.label()).append(" | ").append(cell(j, "jgrad", c, notes)).append(" | ").append(cell(p, peer, c, notes))
                        .append(" | ");
                if (j.isPresent() && p.isPresent() && j.get().ran() && p.get().ran()) {
                    PairedRatio r = PairedRatio.of(j.get(), p.get());
                    md.append(Numbers.ratio(r.ofMedians())).append(" | ").append(spread(r)).append(" |");
                    if (r.ofMedians() > 1.0) over.add(String.format(Locale.ROOT, "%s %.2f×", c.label(), r.ofMedians()));
                } else {
                    md.append("n/a | n/a |");
                }
                if (epoch) md.append(' ').append(accuracy(j)).append(" | ").append(accuracy(p)).append(" |");
                else md.append(' ').append(rate(j)).append(" / ").append(rate(p)).append(' ').append(c.unit()).append(" |");
                md.append("\n");
            }
            md.append("\n");
        }
        md.append("Rows with jgrad slower than ").append(peer).append(" (time ratio above 1.00×): ")
                .append(over.isEmpty() ? "none" : String.join(", ", over)).append(".\n\n");

        if (!run.alone().isEmpty()) {
            md.append("## ").append(peer).append(" alone\n\n").append("The same cases measured again by ").append(peer)
                    .append(" alone, after the run, in a fresh process with no jgrad case in between (jgrad's JVM waits),"
                            + " after one unmeasured pass over the same cases."
                            + " agrees: the alone median lies within the range of the alternating run's timed loops.\n\n")
                    .append("| case | ").append(peer).append(" in the alternating run | ").append(peer)
                    .append(" alone | alone / alternating (medians) | agrees |\n|---|---:|---:|---:|---|\n");
            for (Result alone : run.alone()) {
                Optional<Result> inRun = find(run.results(), peer, alone.benchCase());
                md.append("| ").append(alone.benchCase().label()).append(" | ").append(cell(inRun, peer, alone.benchCase(), notes)).append(" | ")
                        .append(cell(Optional.of(alone), peer + " alone", alone.benchCase(), notes)).append(" | ");
                if (inRun.isPresent() && inRun.get().ran() && alone.ran()) {
                    md.append(Numbers.ratio(alone.seconds().median() / inRun.get().seconds().median())).append(" | ")
                            .append(agrees(inRun.get(), alone) ? "yes" : "no").append(" |\n");
                } else {
                    md.append("n/a | n/a |\n");
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

    /** Whether {@code alone}'s median lies within [fastest, slowest] loop of {@code inRun}. */
    public static boolean agrees(Result inRun, Result alone) {
        double median = alone.seconds().median();
        return median >= inRun.seconds().min() && median <= inRun.seconds().max();
    }

    private static String title(String family) {
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put("train_step", "Training step (zero grads, forward, cross-entropy, backward, Adam), float32");
        titles.put("epoch", "One MNIST epoch (./jgrad train --basic's: batch 128, fastai Adam, one-cycle, max lr 0.01), train wall time");
        titles.put("matmul", "matmul n×n · n×n, float32");
        titles.put("conv2d", "conv2d (no bias), float32");
        return titles.getOrDefault(family, family);
    }

    private static Optional<Result> find(List<Result> results, String engine, Case c) {
        return results.stream().filter(r -> r.engine().equals(engine) && r.benchCase().equals(c)).findFirst();
    }

    private static String cell(Optional<Result> r, String who, Case c, List<String> notes) {
        if (r.isEmpty()) return "—";
        if (!r.get().ran()) {
            notes.add(who + " " + c.label() + ": " + r.get().na());
            return "n/a [" + notes.size() + "]";
        }
        return Timeit.formatSeconds(r.get().seconds().median()) + " [" + Timeit.formatSeconds(r.get().seconds().min()) + " – "
                + Timeit.formatSeconds(r.get().seconds().max()) + "]";
    }

    private static String spread(PairedRatio r) {
        if (!r.hasSpread()) return "n/a";
        return String.format(Locale.ROOT, "%.2f–%.2f (%d)", r.low(), r.high(), r.pairs());
    }

    private static String rate(Optional<Result> r) {
        return r.isPresent() && r.get().ran() ? Numbers.threeDigits(r.get().rate()) : "n/a";
    }

    private static String accuracy(Optional<Result> r) {
        return r.isPresent() && r.get().ran() && !Double.isNaN(r.get().accuracy())
                ? String.format(Locale.ROOT, "%.2f%%", 100 * r.get().accuracy()) : "n/a";
    }
}
