package org.jgrad.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the CPU benchmarks with JMH (programmatically) and writes a Markdown comparison of jgrad with
 * PyTorch's CPU kernels: for every op and size, the median time of one operation (JMH
 * {@code SampleTime}, percentile p0.50 of the per-operation samples) turned into a rate — GFLOP/s for
 * matmul ({@code 2·n³}) and conv2d ({@code 2·N·Cout·OH·OW·Cin·kH·kW}), GB/s for add ({@code 3·4·n}
 * bytes) and sum ({@code 4·n} bytes), see {@link Workloads} — and the ratio jgrad/PyTorch (above 1:
 * jgrad faster). The machine (CPU model from /proc/cpuinfo, cores, Java version), the date, the dtype
 * (float32), thread counts and the JMH settings head the report.
 *
 * <p>The PyTorch benchmarks (package {@code org.jgrad.bench.pytorch}) are compiled only by the Maven
 * profile {@code pytorch}; when they are not on the class path the PyTorch columns read "n/a".
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.jgrad.bench.CpuReport [--quick] [--out DIR] [--jgrad-only]}.
 * Each benchmark (and each matmul size) is its own JMH run with one fork. Full mode: warmup 3 × 2 s,
 * measurement 8 × 2 s (about 7 minutes for both engines on 2 cores when every operation is fast); the
 * report goes to {@code DIR/cpu-<date>.md} (default DIR {@code bench/results}), the raw JMH results to
 * the same name with {@code .json}. Because a JMH iteration never stops inside an operation, a very slow
 * matmul would stretch the run: the matmul sizes run in ascending order, each size's time is predicted
 * from the previous (cubic scaling), and where the normal iterations would exceed about 45 s the run
 * uses fewer (see {@link #plan}); the report lists those cases under "Notes". {@code --quick}: warmup
 * 1 × 0.5 s, measurement 2 × 0.5 s, budget 5 s per benchmark, only to check the pipeline (the numbers
 * are noisy); the report goes to {@code DIR/cpu-<date>-quick.md}. System properties {@code jgrad.*},
 * {@code ai.djl.*}, {@code DJL_CACHE_DIR} and {@code ENGINE_CACHE_DIR} of this JVM are passed to the
 * benchmark forks.
 */
public final class CpuReport {
    private static final String PYTORCH_PROBE = "org.jgrad.bench.pytorch.PyTorchMatmulBenchmark";

    private CpuReport() {}

    /** One line of the table: the op, its size label, the unit of its rate and the work of one operation. */
    private record Row(String op, String size, String unit, double work) {}

    /** The median of one benchmark: milliseconds per operation at p0.50 and the number of samples. */
    private record Median(double ms, long samples) {}

    public static void main(String[] args) throws IOException {
        boolean quick = false;
        boolean jgradOnly = false;
        Path outDir = Paths.get("bench", "results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--jgrad-only" -> jgradOnly = true;
                case "--out" -> {
                    if (i + 1 >= args.length) usage("--out needs a directory");
                    outDir = Paths.get(args[++i]);
                }
                case "-h", "--help" -> {
                    usage(null);
                    return;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        boolean pytorch = !jgradOnly && pytorchOnClassPath();

        Iterations normal = quick
                ? new Iterations(1, TimeValue.milliseconds(500), 2, TimeValue.milliseconds(500))
                : new Iterations(3, TimeValue.seconds(2), 8, TimeValue.seconds(2));
        double budgetSeconds = quick ? 5 : 45;

        Files.createDirectories(outDir);
        String date = LocalDate.now().toString();
        String stem = "cpu-" + date + (quick ? "-quick" : "");
        Path json = outDir.resolve(stem + ".json");
        Path markdown = outDir.resolve(stem + ".md");

        List<RunResult> all = new ArrayList<>();
        Map<String, Median> jgrad = new LinkedHashMap<>();
        Map<String, Median> torch = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        long start = System.nanoTime();
        runBackend("jgrad", "org\\.jgrad\\.bench\\.", "", normal, budgetSeconds, all, jgrad, notes);
        if (pytorch) runBackend("PyTorch", "org\\.jgrad\\.bench\\.pytorch\\.", "PyTorch", normal, budgetSeconds, all, torch, notes);
        double minutes = (System.nanoTime() - start) / 60e9;

        String settings = String.format(Locale.ROOT,
                "JMH %s: mode SampleTime, 1 fork, warmup %s, measurement %s (fewer iterations where one operation is slow, see notes); statistic: median (p0.50) of the per-operation samples; total run %.1f min",
                quick ? "--quick (pipeline check only, numbers are not meaningful)" : "full",
                normal.warmupText(), normal.measurementText(), minutes);
        String report = render(date, settings, pytorch, jgrad, torch, notes, json.getFileName().toString());
        System.out.println();
        System.out.println(report);
        Files.writeString(markdown, report);
        System.out.println("Wrote " + markdown.toAbsolutePath());
        try (PrintStream out = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(all);
            System.out.println("Wrote " + json.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.err.println("CpuReport: could not write " + json + ": " + e);
        }
    }

    /** Warmup and measurement iterations of one benchmark run; each iteration runs at least one operation. */
    record Iterations(int warmup, TimeValue warmupTime, int measurement, TimeValue measurementTime) {
        /** Seconds the run takes when one operation lasts {@code opSeconds} (iterations never stop mid-operation). */
        double seconds(double opSeconds) {
            return warmup * Math.max(opSeconds, toSeconds(warmupTime)) + measurement * Math.max(opSeconds, toSeconds(measurementTime));
        }

        String warmupText() {
            return warmup + " × " + warmupTime;
        }

        String measurementText() {
            return measurement + " × " + measurementTime;
        }

        private static double toSeconds(TimeValue t) {
            return t.convertTo(TimeUnit.NANOSECONDS) / 1e9;
        }
    }

    /**
     * The iterations for a benchmark whose operation is predicted to take {@code predictedSeconds}: the
     * normal ones when they fit in {@code budgetSeconds}; else one warmup and three measured operations
     * when that fits in 1.5 budgets; else no warmup and two measured operations (the JIT has compiled
     * the kernel long before the end of a multi-second operation). NaN: no prediction, normal.
     */
    static Iterations plan(double predictedSeconds, Iterations normal, double budgetSeconds) {
        if (Double.isNaN(predictedSeconds) || normal.seconds(predictedSeconds) <= budgetSeconds) return normal;
        Iterations reduced = new Iterations(1, normal.warmupTime(), Math.min(3, normal.measurement()), normal.measurementTime());
        if (reduced.seconds(predictedSeconds) <= 1.5 * budgetSeconds) return reduced;
        return new Iterations(0, normal.warmupTime(), Math.min(2, normal.measurement()), normal.measurementTime());
    }

    /**
     * Runs one backend's benchmarks, one JMH run per matmul size (ascending, so that each size's time is
     * predicted from the previous one as t·(n/n₀)³ and the iterations {@link #plan planned} to fit the
     * budget), then conv2d and the elementwise pair.
     */
    private static void runBackend(String label, String packageRegex, String prefix, Iterations normal, double budgetSeconds,
                                   List<RunResult> all, Map<String, Median> medians, List<String> notes) {
        double prevSeconds = Double.NaN;
        int prevN = 0;
        for (int n : Workloads.MATMUL_SIZES) {
            double predicted = Double.isNaN(prevSeconds) ? Double.NaN : prevSeconds * Math.pow((double) n / prevN, 3);
            Iterations it = plan(predicted, normal, budgetSeconds);
            if (!it.equals(normal))
                notes.add(String.format(Locale.ROOT, "%s matmul %d: predicted %.1f s per operation, so warmup %s and measurement %s",
                        label, n, predicted, it.warmupText(), it.measurementText()));
            Median m = run(packageRegex + prefix + "MatmulBenchmark\\.matmul$", String.valueOf(n), it, all, medians);
            if (m != null) {
                prevSeconds = m.ms() / 1e3;
                prevN = n;
            }
        }
        run(packageRegex + prefix + "Conv2dBenchmark\\.conv2d$", null, normal, all, medians);
        run(packageRegex + prefix + "ElementwiseBenchmark\\.(add|sum)$", null, normal, all, medians);
    }

    /**
     * One JMH run; records the medians under {@link #key} and returns the last one (null when it failed:
     * the row then reads "n/a" and the other benchmarks still run).
     */
    private static Median run(String includeRegex, String n, Iterations it, List<RunResult> all, Map<String, Median> medians) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + includeRegex)
                .forks(1)
                .warmupIterations(it.warmup())
                .warmupTime(it.warmupTime())
                .measurementIterations(it.measurement())
                .measurementTime(it.measurementTime())
                .mode(org.openjdk.jmh.annotations.Mode.SampleTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .jvmArgsAppend(forkJvmArgs())
                .shouldFailOnError(false);
        if (n != null) options.param("n", n);
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (RunnerException | RuntimeException e) {
            System.err.println("CpuReport: " + includeRegex + (n == null ? "" : " n=" + n) + " failed: " + e);
            return null;
        }
        Median last = null;
        for (RunResult result : results) {
            all.add(result);
            BenchmarkParams params = result.getParams();
            Statistics stats = result.getPrimaryResult().getStatistics();
            double ms = toMillis(stats.getPercentile(50.0), result.getPrimaryResult().getScoreUnit());
            last = new Median(ms, stats.getN());
            medians.put(key(params.getBenchmark(), params.getParam("n")), last);
        }
        return last;
    }

    private static void usage(String error) {
        if (error != null) System.err.println("CpuReport: " + error);
        System.err.println("usage: CpuReport [--quick] [--jgrad-only] [--out DIR]");
        if (error != null) System.exit(2);
    }

    private static boolean pytorchOnClassPath() {
        ClassLoader loader = CpuReport.class.getClassLoader();
        try {
            Class.forName(PYTORCH_PROBE, false, loader);
            Class.forName("ai.djl.engine.Engine", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The JVM flags of every fork: the Vector API module (jgrad's SIMD kernels), the serial collector, a
     * fixed 2 GiB heap, two threads for jgrad and PyTorch unless told otherwise, DJL offline, and the
     * jgrad/DJL properties of this JVM.
     */
    private static String[] forkJvmArgs() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("jgrad.threads", "2");
        props.put("ai.djl.offline", "true");
        props.put("ai.djl.pytorch.num_threads", "2");
        props.put("ai.djl.pytorch.num_interop_threads", "2");
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("jgrad.") || name.startsWith("ai.djl.") || name.equals("DJL_CACHE_DIR") || name.equals("ENGINE_CACHE_DIR"))
                props.put(name, System.getProperty(name));
        }
        List<String> args = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xms2g", "-Xmx2g"));
        props.forEach((k, v) -> args.add("-D" + k + "=" + v));
        return args.toArray(String[]::new);
    }

    /** "matmul:1024", "conv2d", "add", "sum" from a benchmark's full name and its n parameter. */
    private static String key(String benchmark, String n) {
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        return n == null ? method : method + ":" + n;
    }

    private static double toMillis(double value, String unit) {
        String time = unit.contains("/") ? unit.substring(0, unit.indexOf('/')) : unit;
        return switch (time) {
            case "s" -> value * 1e3;
            case "ms" -> value;
            case "us" -> value / 1e3;
            case "ns" -> value / 1e6;
            default -> throw new IllegalStateException("unexpected score unit " + unit);
        };
    }

    private static Map<String, Row> rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int n : Workloads.MATMUL_SIZES)
            rows.put("matmul:" + n, new Row("matmul", n + "×" + n + " · " + n + "×" + n, "GFLOP/s", Workloads.matmulFlops(n)));
        rows.put("conv2d", new Row("conv2d",
                String.format(Locale.ROOT, "N%d, %d→%d ch, %d×%d, %d×%d, pad %d, stride %d", Workloads.CONV_N, Workloads.CONV_CIN,
                        Workloads.CONV_COUT, Workloads.CONV_H, Workloads.CONV_W, Workloads.CONV_K, Workloads.CONV_K,
                        Workloads.CONV_PAD, Workloads.CONV_STRIDE),
                "GFLOP/s", Workloads.conv2dFlops()));
        String elements = (Workloads.ELEMENTS / (1024 * 1024)) + "M elements";
        rows.put("add", new Row("add", elements, "GB/s", Workloads.addBytes()));
        rows.put("sum", new Row("sum", elements, "GB/s", Workloads.sumBytes()));
        return rows;
    }

    private static String render(String date, String settings, boolean pytorch, Map<String, Median> jgrad,
                                 Map<String, Median> torch, List<String> notes, String jsonName) {
        StringBuilder md = new StringBuilder();
        md.append("# jgrad vs PyTorch on the CPU, float32 — ").append(date).append("\n\n");
        md.append("- CPU: ").append(cpuModel()).append("\n");
        md.append("- cores: ").append(Runtime.getRuntime().availableProcessors()).append(" available to the JVM (")
                .append(cpuinfoProcessors()).append(" in /proc/cpuinfo)\n");
        md.append("- Java: ").append(System.getProperty("java.runtime.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append(", ").append(System.getProperty("java.vendor")).append(")\n");
        md.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n");
        md.append("- dtype: float32\n");
        String commit = System.getProperty("jgrad.bench.commit");
        if (commit != null) md.append("- jgrad commit: ").append(commit).append("\n");
        md.append("- threads: jgrad ").append(System.getProperty("jgrad.threads", "2"))
                .append(" (-Djgrad.threads); PyTorch ")
                .append(pytorch ? System.getProperty("ai.djl.pytorch.num_threads", "2") + " intra-op, "
                        + System.getProperty("ai.djl.pytorch.num_interop_threads", "2") + " inter-op (DJL 0.36.0, PyTorch 2.7.1 CPU)"
                        : "not measured (build with -Ppytorch)")
                .append("\n");
        md.append("- ").append(settings).append("\n");
        md.append("- rates: work of one operation / median time; matmul 2·n³ flop, conv2d 2·N·Cout·OH·OW·Cin·kH·kW flop, ")
                .append("add 3·4·n bytes, sum 4·n bytes; ratio = jgrad rate / PyTorch rate (above 1: jgrad faster)\n");
        md.append("- raw JMH results: ").append(jsonName).append("\n\n");

        md.append("| op | size | unit | jgrad | PyTorch | jgrad/PyTorch | jgrad median ms | PyTorch median ms | samples jgrad / PyTorch |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Row> e : rows().entrySet()) {
            Row row = e.getValue();
            Median j = jgrad.get(e.getKey());
            Median t = torch.get(e.getKey());
            double jr = j == null ? Double.NaN : row.work() / (j.ms() / 1e3) / 1e9;
            double tr = t == null ? Double.NaN : row.work() / (t.ms() / 1e3) / 1e9;
            md.append("| ").append(row.op()).append(" | ").append(row.size()).append(" | ").append(row.unit())
                    .append(" | ").append(fmt(jr, 1)).append(" | ").append(fmt(tr, 1))
                    .append(" | ").append(fmt(jr / tr, 2))
                    .append(" | ").append(j == null ? "n/a" : fmt(j.ms(), 3))
                    .append(" | ").append(t == null ? "n/a" : fmt(t.ms(), 3))
                    .append(" | ").append(j == null ? "n/a" : j.samples()).append(" / ").append(t == null ? "n/a" : t.samples())
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            for (String note : notes) md.append("- ").append(note).append("\n");
        }
        return md.toString();
    }

    private static String fmt(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "n/a";
    }

    private static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Paths.get("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String cpuModel() {
        for (String line : cpuinfo())
            if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        return System.getProperty("os.arch") + " (no model name in /proc/cpuinfo)";
    }

    private static long cpuinfoProcessors() {
        return cpuinfo().stream().filter(l -> l.startsWith("processor")).count();
    }
}
