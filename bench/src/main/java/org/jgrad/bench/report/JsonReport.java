package org.jgrad.bench.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.DTypeNames;
import org.jgrad.bench.harness.Result;
import org.jgrad.bench.timing.Summary;
import org.jgrad.nn.io.JsonReader;
import org.jgrad.nn.io.JsonWriter;
import org.jgrad.tensor.DType;

/**
 * {@code bench.json}: the machine, the settings and one object per result,
 * <pre>
 * {"engine": "jgrad", "device": "cpu", "dtype": "float32", "family": "matmul", "label": "matmul 512",
 *  "params": {"n": 512}, "unit": "GFLOP/s", "work": 2.68e8, "rate": 210.5,
 *  "median_s": ..., "min_s": ..., "q1_s": ..., "q3_s": ..., "max_s": ..., "mean_s": ..., "std_s": ...,
 *  "repeats": 5, "loops": 12, "na": null}
 * </pre>
 * (times in seconds per call; {@code na} holds the reason when the case did not run, and the times are
 * then absent). {@link #readResults} reads the same layout back, which is how results from other
 * runs (the Python peer on a GPU machine writes it too) are merged into a report.
 */
public final class JsonReport {
    private JsonReport() {}

    public static void write(BenchReport report, Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("plan", report.plan());
        root.put("machine", machine(report.machine()));
        root.put("settings", report.settings());
        List<Object> merged = new ArrayList<>();
        for (BenchReport.Merged m : report.merged()) merged.add(Map.of("source", m.source(), "machine", machine(m.machine())));
        root.put("merged", merged);
        List<Object> results = new ArrayList<>();
        for (Result r : report.allResults()) results.add(result(r));
        root.put("results", results);
        StringBuilder out = new StringBuilder();
        append(out, root, "");
        Files.writeString(file, out.append('\n'));
    }

    /** The results and machine of a {@code bench.json} (ours or the Python peer's). */
    public static BenchReport.Merged readResults(Path file) throws IOException {
        Map<?, ?> root = parse(file);
        Machine machine = machine(asMap(root.get("machine"), file + ": machine"));
        List<Result> results = new ArrayList<>();
        if (!(root.get("results") instanceof List<?> list)) throw new IllegalArgumentException("bench: " + file + " has no results array");
        for (Object o : list) results.add(result(asMap(o, file + ": result"), file));
        return new BenchReport.Merged(file.toString(), machine, results);
    }

    /** A whole report as {@link #write} wrote it (merged runs keep their machines; their results are among the results). */
    public static BenchReport read(Path file) throws IOException {
        Map<?, ?> root = parse(file);
        BenchReport.Merged own = readResults(file);
        List<BenchReport.Merged> merged = new ArrayList<>();
        if (root.get("merged") instanceof List<?> list)
            for (Object o : list) {
                Map<?, ?> m = asMap(o, file + ": merged");
                merged.add(new BenchReport.Merged(text(m.get("source")), machine(asMap(m.get("machine"), file + ": merged machine")), List.of()));
            }
        return new BenchReport(text(root.get("plan")), own.machine(), text(root.get("settings")), own.results(), merged);
    }

    private static Map<?, ?> parse(Path file) throws IOException {
        try {
            return asMap(JsonReader.parse(Files.readString(file)), file + ": top level");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bench: " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Machine machine(Map<?, ?> m) {
        List<String> engines = new ArrayList<>();
        if (m.get("engines") instanceof List<?> list) for (Object e : list) engines.add(String.valueOf(e));
        return new Machine(text(m.get("cpu")), m.get("cores") instanceof Number n ? n.intValue() : 0, text(m.get("java")),
                text(m.get("os")), engines, text(m.get("date")), text(m.get("load")));
    }

    private static Map<String, Object> machine(Machine m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cpu", m.cpu());
        out.put("cores", m.cores());
        out.put("java", m.java());
        out.put("os", m.os());
        out.put("engines", m.engines());
        out.put("date", m.date());
        out.put("load", m.load());
        return out;
    }

    private static Map<String, Object> result(Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", r.engine());
        out.put("device", r.device());
        out.put("dtype", r.dtype().toString());
        out.put("family", r.benchCase().family());
        out.put("label", r.benchCase().label());
        out.put("params", r.benchCase().params());
        out.put("unit", r.benchCase().unit());
        out.put("work", r.benchCase().work(r.dtype()));
        if (r.ran()) {
            Summary s = r.seconds();
            out.put("rate", r.rate());
            out.put("median_s", s.median());
            out.put("min_s", s.min());
            out.put("q1_s", s.q1());
            out.put("q3_s", s.q3());
            out.put("max_s", s.max());
            out.put("mean_s", s.mean());
            out.put("std_s", s.std());
            out.put("repeats", s.count());
            out.put("loops", r.loops());
        }
        out.put("na", r.na());
        return out;
    }

    private static Result result(Map<?, ?> o, Path file) {
        String where = file + ": result " + o.get("label");
        Case c = Case.fromParams(text(o.get("family")), castParams(asMap(o.get("params"), where + " params")));
        DType dtype = DTypeNames.parse(text(o.get("dtype")));
        String engine = text(o.get("engine")), device = text(o.get("device"));
        if (!(o.get("median_s") instanceof Number)) {
            Object na = o.get("na");
            return Result.notAvailable(engine, device, dtype, c, na instanceof String s ? s : "no time in " + file);
        }
        Summary s = new Summary(number(o, "repeats", where).intValue(), number(o, "mean_s", where).doubleValue(),
                number(o, "std_s", where).doubleValue(), number(o, "min_s", where).doubleValue(), number(o, "q1_s", where).doubleValue(),
                number(o, "median_s", where).doubleValue(), number(o, "q3_s", where).doubleValue(), number(o, "max_s", where).doubleValue());
        return new Result(engine, device, dtype, c, s, number(o, "loops", where).intValue(), null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castParams(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    private static Number number(Map<?, ?> o, String key, String where) {
        if (o.get(key) instanceof Number n) return n;
        throw new IllegalArgumentException("bench: " + where + ": '" + key + "' must be a number, got " + o.get(key));
    }

    private static Map<?, ?> asMap(Object o, String where) {
        if (o instanceof Map<?, ?> m) return m;
        throw new IllegalArgumentException("bench: " + where + " must be a JSON object, got " + o);
    }

    private static String text(Object o) {
        return o == null || o == JsonReader.NULL ? "" : String.valueOf(o);
    }

    /** Indented JSON of maps, lists, strings, numbers (non-finite as null), booleans and null. */
    private static void append(StringBuilder out, Object v, String indent) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            JsonWriter.appendString(out, s);
        } else if (v instanceof Double d) {
            out.append(Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toString() : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Map<?, ?> map) {
            String inner = indent + "  ";
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "\n" : ",\n").append(inner);
                JsonWriter.appendString(out, String.valueOf(e.getKey())).append(": ");
                append(out, e.getValue(), inner);
                first = false;
            }
            out.append(first ? "}" : "\n" + indent + "}");
        } else if (v instanceof List<?> list) {
            String inner = indent + "  ";
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "\n" : ",\n").append(inner);
                append(out, list.get(i), inner);
            }
            out.append(list.isEmpty() ? "]" : "\n" + indent + "]");
        } else {
            throw new IllegalStateException("JsonReport: cannot write " + v.getClass());
        }
    }
}
