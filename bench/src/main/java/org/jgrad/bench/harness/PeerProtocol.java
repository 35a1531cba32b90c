package org.jgrad.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jgrad.tensor.DType;

/**
 * The line protocol between the bench ({@link PeerProcess}) and a peer engine in its own JVM
 * ({@link PeerServer}), over the child's stdin and stdout. One request per line, one answer per
 * request; fields are separated by tabs. The child writes its answers with the prefix
 * {@value #PREFIX} and a tab, so anything else a library prints to stdout is ignored.
 *
 * <pre>
 *   child  → bench  @jgrad-peer ready   NAME DEVICE DESCRIPTION                 (once, when the engine is up)
 *   bench  → child  prime   DTYPE BUDGET CASE CASE …     answer: @jgrad-peer ok
 *   bench  → child  measure DTYPE BUDGET CASE            answer: @jgrad-peer result LOOPS S1,S2,… ACCURACY
 *                                                                 or @jgrad-peer na REASON
 *   bench  → child  quit                                  (no answer; the child exits)
 *   child  → bench  @jgrad-peer error MESSAGE             (a request it could not read)
 * </pre>
 *
 * BUDGET is the six fields of {@link Budget} in order; CASE is {@code family:key=value;key=value}
 * from {@link Case#params()} (e.g. {@code conv2d:batch=64;in=32;out=64;height=28;kernel=3;stride=1;padding=1});
 * S1, S2, … are the timed loops' seconds per call in the order they ran; ACCURACY is an epoch's test
 * accuracy or NaN. Numbers are written with {@link Double#toString}, which reads back exactly.
 */
public final class PeerProtocol {
    private PeerProtocol() {}

    public static final String PREFIX = "@jgrad-peer";

    /** {@code family:key=value;…} (values are numbers or words without ':', ';', '=' or white space). */
    public static String encode(Case c) {
        StringBuilder s = new StringBuilder(c.family()).append(':');
        String sep = "";
        for (Map.Entry<String, Object> e : c.params().entrySet()) {
            s.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ";";
        }
        return s.toString();
    }

    /** The case {@link #encode} wrote. */
    public static Case decodeCase(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("peer protocol: a case is family:key=value;…, got '" + text + "'");
        Map<String, Object> params = new LinkedHashMap<>();
        String rest = text.substring(colon + 1);
        if (!rest.isEmpty()) {
            for (String kv : rest.split(";")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("peer protocol: parameter '" + kv + "' is not key=value in '" + text + "'");
                String v = kv.substring(eq + 1);
                params.put(kv.substring(0, eq), v.matches("-?\\d+") ? (Object) Long.parseLong(v) : v);
            }
        }
        return Case.fromParams(text.substring(0, colon), params);
    }

    /** The budget's six fields, tab-separated. */
    static String encode(Budget b) {
        return b.warmupSeconds() + "\t" + b.minLoopSeconds() + "\t" + b.repeats() + "\t" + b.caseSeconds() + "\t" + b.maxCallSeconds()
                + "\t" + b.epochRepeats();
    }

    /** The budget in {@code fields[from … from + 5]}. */
    static Budget decodeBudget(String[] fields, int from) {
        need(fields, from + 6, "a budget");
        return new Budget(Double.parseDouble(fields[from]), Double.parseDouble(fields[from + 1]), Integer.parseInt(fields[from + 2]),
                Double.parseDouble(fields[from + 3]), Double.parseDouble(fields[from + 4]), Integer.parseInt(fields[from + 5]));
    }

    static String primeRequest(List<Case> cases, DType dtype, Budget budget) {
        StringBuilder s = new StringBuilder("prime\t").append(dtype).append('\t').append(encode(budget));
        for (Case c : cases) s.append('\t').append(encode(c));
        return s.toString();
    }

    static String measureRequest(Case c, DType dtype, Budget budget) {
        return "measure\t" + dtype + "\t" + encode(budget) + "\t" + encode(c);
    }

    /** The answer to a measure request: the result's loops, samples and accuracy, or its reason. */
    static String answer(Result r) {
        if (!r.ran()) return PREFIX + "\tna\t" + oneLine(r.na());
        StringBuilder s = new StringBuilder(PREFIX).append("\tresult\t").append(r.loops()).append('\t');
        double[] samples = r.samples();
        for (int i = 0; i < samples.length; i++) s.append(i == 0 ? "" : ",").append(samples[i]);
        return s.append('\t').append(r.accuracy()).toString();
    }

    /** The result an answer line (its fields after the prefix) describes, for the engine {@code name} on {@code device}. */
    static Result result(String[] fields, String name, String device, Case c, DType dtype) {
        switch (fields[1]) {
            case "na" -> {
                need(fields, 3, "an n/a answer");
                return Result.notAvailable(name, device, dtype, c, fields[2]);
            }
            case "result" -> {
                need(fields, 5, "a result");
                List<Double> samples = new ArrayList<>();
                for (String x : fields[3].split(",")) samples.add(Double.parseDouble(x));
                double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
                return Result.measured(name, device, dtype, c, s, Integer.parseInt(fields[2]), Double.parseDouble(fields[4]));
            }
            default -> throw new IllegalStateException("peer protocol: expected a result or n/a for " + c.label() + ", got '"
                    + String.join("\t", fields) + "'");
        }
    }

    /** Text on one line without tabs (a reason or a description may hold neither). */
    static String oneLine(String text) {
        return String.valueOf(text).replaceAll("[\\t\\r\\n]+", " ");
    }

    private static void need(String[] fields, int count, String what) {
        if (fields.length < count)
            throw new IllegalArgumentException(String.format(Locale.ROOT, "peer protocol: %s needs %d fields, got %d: '%s'", what, count,
                    fields.length, String.join("\t", fields)));
    }
}
