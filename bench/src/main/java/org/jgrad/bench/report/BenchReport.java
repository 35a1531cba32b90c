package org.jgrad.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jgrad.bench.harness.Result;

/**
 * Everything one report shows: the machine and settings of this run, its results, and results
 * merged from other runs' {@code bench.json} files (e.g. the PyTorch eager peer on a GPU machine),
 * each with its own machine description.
 *
 * @param plan     the plan's name: quick, full or tiny
 * @param settings one line on warm-up, repeats and statistics
 */
public record BenchReport(String plan, Machine machine, String settings, List<Result> results, List<Merged> merged) {

    /** Results read from another run's JSON, with where they came from and that run's machine. */
    public record Merged(String source, Machine machine, List<Result> results) {}

    /** This run's results followed by every merged one. */
    public List<Result> allResults() {
        List<Result> all = new ArrayList<>(results);
        for (Merged m : merged) all.addAll(m.results());
        return all;
    }

    /** The engine@device columns in order of appearance. */
    public List<String> columns() {
        Set<String> columns = new LinkedHashSet<>();
        for (Result r : allResults()) columns.add(r.column());
        return List.copyOf(columns);
    }
}
