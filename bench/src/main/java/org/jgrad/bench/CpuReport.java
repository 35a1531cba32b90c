package org.jgrad.bench;

import java.io.IOException;
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
 * {@code --quick}: minimal warmup and measurement, only to check the pipeline (the numbers are noisy);
 * the report goes to {@code DIR/cpu-<date>-quick.md}. Full mode: 1 fork, 3 × 2 s warmup and 6 × 2 s
 * measurement per benchmark (about 10–15 minutes on 2 cores); the report goes to
 * {@code DIR/cpu-<date>.md} (default DIR {@code bench/results}), the raw JMH results to the same name
 * with {@code .json}. System properties {@code jgrad.*}, {@code ai.djl.*}, {@code DJL_CACHE_DIR} and
 * {@code ENGINE_CACHE_DIR} of this JVM are passed to the benchmark forks.
 */
public final class CpuReport {
    private static final String PYTORCH_PROBE = "org.jgrad.bench.pytorch.PyTorchMatmulBenchmark";

    private CpuReport() {}

    /** One line of the table: the op, its size label, the unit of its rate and the work of one operation. */
    private record Row(String op, String size, String unit, double work) {}

    /** The median of one benchmark: milliseconds per operation at p0.50 and the number of samples. */
    private record Median(double ms, long samples) {}

    public static void main(String[] args) throws RunnerException, IOException {
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

        int warmupIterations = quick ? 1 : 3;
        TimeValue warmupTime = quick ? TimeValue.milliseconds(500) : TimeValue.seconds(2);
        int measurementIterations = quick ? 2 : 6;
        TimeValue measurementTime = quick ? TimeValue.milliseconds(500) : TimeValue.seconds(2);

        Files.createDirectories(outDir);
        String date = LocalDate.now().toString();
        String stem = "cpu-" + date + (quick ? "-quick" : "");
        Path json = outDir.resolve(stem + ".json");
        Path markdown = outDir.resolve(stem + ".md");

        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^org\\.jgrad\\.bench\\.(MatmulBenchmark|Conv2dBenchmark|ElementwiseBenchmark)\\.")
                .forks(1)
                .warmupIterations(warmupIterations)
                .warmupTime(warmupTime)
                .measurementIterations(measurementIterations)
                .measurementTime(measurementTime)
                .mode(org.openjdk.jmh.annotations.Mode.SampleTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .jvmArgsAppend(forkJvmArgs())
                .shouldFailOnError(false)
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON);
        if (pytorch) options.include("^org\\.jgrad\\.bench\\.pytorch\\.PyTorch(Matmul|Conv2d|Elementwise)Benchmark\\.");

        long start = System.nanoTime();
        Collection<RunResult> results = new Runner(options.build()).run();
        double minutes = (System.nanoTime() - start) / 60e9;

        Map<String, Median> jgrad = new LinkedHashMap<>();
        Map<String, Median> torch = new LinkedHashMap<>();
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            String benchmark = params.getBenchmark();
            String key = key(benchmark, params.getParam("n"));
            Statistics stats = result.getPrimaryResult().getStatistics();
            double ms = toMillis(stats.getPercentile(50.0), result.getPrimaryResult().getScoreUnit());
            (benchmark.contains(".pytorch.") ? torch : jgrad).put(key, new Median(ms, stats.getN()));
        }

        String settings = String.format(Locale.ROOT,
                "JMH %s: mode SampleTime, 1 fork, warmup %d × %s, measurement %d × %s; statistic: median (p0.50) of the per-operation samples; total run %.1f min",
                quick ? "--quick (pipeline check only, numbers are not meaningful)" : "full",
                warmupIterations, warmupTime, measurementIterations, measurementTime, minutes);
        String report = render(date, settings, pytorch, jgrad, torch, json.getFileName().toString());
        System.out.println();
        System.out.println(report);
        Files.writeString(markdown, report);
        System.out.println("Wrote " + markdown.toAbsolutePath() + " and " + json.toAbsolutePath());
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
                                 Map<String, Median> torch, String jsonName) {
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
