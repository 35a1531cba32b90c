package org.jgrad.bench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jgrad.bench.harness.Budget;
import org.jgrad.bench.harness.DTypeNames;
import org.jgrad.bench.harness.Engine;
import org.jgrad.bench.harness.Harness;
import org.jgrad.bench.harness.JgradEngine;
import org.jgrad.bench.harness.Plan;
import org.jgrad.bench.harness.Result;
import org.jgrad.bench.report.BenchReport;
import org.jgrad.bench.report.Charts;
import org.jgrad.bench.report.JsonReport;
import org.jgrad.bench.report.Machine;
import org.jgrad.bench.report.MarkdownReport;
import org.jgrad.bench.timing.LoopTimer;
import org.jgrad.tensor.BackendProvider;
import org.jgrad.tensor.Backends;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.cpu.CpuParallel;
import org.jgrad.training.cli.Command;
import org.jgrad.training.cli.CommandHelp;

/**
 * {@code ./jgrad bench}: runs the {@link Plan} on every device jgrad can open (or those named by
 * {@code --device}), in float32 and float16, with the peer when asked, and writes {@code bench.md},
 * {@code bench.json} and the PNG charts to {@code --out}. Found by the launcher through
 * {@link java.util.ServiceLoader} as a training {@link Command}.
 */
public final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "bench       matmul, conv2d, elementwise and reductions by size, training steps of models (a) and (b), an MNIST epoch",
                "            on every device present, float32 and float16; writes bench.md, bench.json and PNG charts to --out;",
                "            --quick (about a minute), --out DIR (default runs/bench-<timestamp>), --device cpu,cuda,",
                "            --dtype float32,float16,bfloat16, --peer pytorch (PyTorch CPU through DJL, own JVM), --merge FILE",
                "            (add another run's bench.json, e.g. bench/peers/pytorch_bench.py's from a GPU machine), --render FILE",
                "            (no measuring: redraw the table and charts of an earlier bench.json, with any --merge);",
                "            --cpu-report [--quick] [--epoch-images N]: jgrad against PyTorch, bench/results/cpu-<date>.md");
    }

    @Override
    public CommandHelp help() {
        return new CommandHelp("bench", "",
                "matmul, conv2d, elementwise and reductions by size, training steps of models (a) and (b), an MNIST epoch",
                List.of("on every device present, float32 and float16; writes bench.md, bench.json and PNG charts to --out"),
                List.of(CommandHelp.flag("--quick", "the quick plan (about a minute)"),
                        CommandHelp.flag("--tiny", "the tiny plan (seconds; for tests)"),
                        CommandHelp.option("--out", "DIR", "where to write (default runs/bench-<timestamp>)"),
                        CommandHelp.option("--device", "cpu,cuda", "the devices to measure (default: every one present)"),
                        CommandHelp.option("--dtype", "float32,float16,bfloat16", "the dtypes to measure (default float32,float16)"),
                        CommandHelp.option("--peer", "pytorch", "PyTorch CPU through DJL in its own JVM, alternating with jgrad case by case (needs the pytorch profile)"),
                        CommandHelp.flag("--cpu-report", "jgrad against PyTorch on the CPU: bench/results/cpu-<date>.md (with --quick: bench/target/results/cpu-<date>-quick.md)"),
                        CommandHelp.option("--epoch-images", "N", "with --cpu-report: train the epochs on N images (default 60000)"),
                        CommandHelp.option("--merge", "FILE", "add another run's bench.json, e.g. bench/peers/pytorch_bench.py's from a GPU machine"),
                        CommandHelp.option("--render", "FILE", "no measuring: redraw the table and charts of an earlier bench.json, with any --merge")));
    }

    @Override
    public void run(String[] args, PrintStream out) throws IOException {
        Plan plan = Plan.full();
        Path dir = null;
        List<Device> devices = null;
        List<DType> dtypes = List.of(DType.FLOAT32, DType.FLOAT16);
        List<String> peers = new ArrayList<>();
        List<Path> merges = new ArrayList<>();
        Path render = null;
        boolean quick = false, cpuReport = false;
        int epochImages = 60_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> { plan = Plan.quick(); quick = true; }
                case "--cpu-report" -> cpuReport = true;
                case "--epoch-images" -> epochImages = Integer.parseInt(value(args, ++i, "--epoch-images"));
                case "--tiny" -> plan = Plan.tiny();
                case "--out" -> dir = Path.of(value(args, ++i, "--out"));
                case "--device" -> devices = parseDevices(value(args, ++i, "--device"));
                case "--dtype" -> dtypes = parseDTypes(value(args, ++i, "--dtype"));
                case "--peer" -> peers.add(value(args, ++i, "--peer"));
                case "--merge" -> merges.add(Path.of(value(args, ++i, "--merge")));
                case "--render" -> render = Path.of(value(args, ++i, "--render"));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see ./jgrad help)");
            }
        }
        if (cpuReport) {
            if (!peers.isEmpty() || devices != null || render != null || !merges.isEmpty())
                throw new IllegalArgumentException("--cpu-report takes only --quick, --epoch-images and --out (it always runs jgrad on the CPU against PyTorch)");
            if (epochImages < 128 || epochImages > 60_000) throw new IllegalArgumentException("--epoch-images must be in [128, 60000], got " + epochImages);
            CpuReportRun.run(args, quick, epochImages, dir, out);
            return;
        }
        if (dir == null) dir = Path.of("runs", "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (render != null) {
            BenchReport earlier = JsonReport.read(render);
            List<BenchReport.Merged> merged = new ArrayList<>(earlier.merged());
            for (Path m : merges) merged.add(JsonReport.readResults(m));
            write(new BenchReport(earlier.plan(), earlier.machine(), earlier.settings(), earlier.results(), merged), dir, out);
            return;
        }

        List<Engine> engines = new ArrayList<>();
        for (Device d : devices != null ? devices : availableDevices(out)) engines.add(new JgradEngine(d));
        for (String peer : peers) {
            try {
                engines.add(Peers.open(peer, CpuParallel.threads()));
            } catch (IllegalStateException e) {
                out.println("bench: peer " + peer + " left out: " + e.getMessage());
            }
        }
        List<String> described = new ArrayList<>();
        for (Engine e : engines) described.add(e.describe());
        out.println("bench: plan " + plan.name() + ", " + plan.cases().size() + " cases × " + dtypes + " on " + described);

        long start = System.nanoTime();
        double loadBefore = Machine.loadAverage();
        List<Result> results = new Harness(LoopTimer.system(), out).run(plan, engines, dtypes);
        double minutes = (System.nanoTime() - start) / 60e9;
        for (Engine e : engines) {
            try {
                e.close();
            } catch (Exception ex) {
                out.println("bench: closing " + e.name() + ": " + ex);
            }
        }
        List<BenchReport.Merged> merged = new ArrayList<>();
        for (Path m : merges) merged.add(JsonReport.readResults(m));
        String load = String.format(Locale.ROOT, "1-minute load average %.1f at the start and %.1f at the end of the run, on %d cores"
                + " (above the core count, other processes competed for the cores and the times include waiting for them)",
                loadBefore, Machine.loadAverage(), Runtime.getRuntime().availableProcessors());
        BenchReport report = new BenchReport(plan.name(), Machine.current(described, load), settings(plan.budget(), minutes), results, merged);
        write(report, dir, out);
    }

    /** Writes bench.json, the charts and bench.md (which links the charts) into {@code dir}. */
    public static void write(BenchReport report, Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        JsonReport.write(report, dir.resolve("bench.json"));
        List<String> charts = Charts.write(report, dir);
        Files.writeString(dir.resolve("bench.md"), MarkdownReport.render(report, charts));
        out.println("bench: wrote " + dir.resolve("bench.md") + ", bench.json and " + String.join(", ", charts));
    }

    static String settings(Budget b, double minutes) {
        return String.format(Locale.ROOT, "the middle case of every ladder primed (run unmeasured for %.1f s) first; each case warmed up"
                        + " for %.2f s and at least %d calls (or %.1f s), in further rounds while its fastest call still improves by a fifth;"
                        + " then %d timed loops (at least %d when a call is slow) of enough calls to last %.3f s, the device synchronized"
                        + " before each clock reading; statistic: median of the loops' seconds per call, spread: min–max; a case is skipped"
                        + " when a warm-up call after the first takes over %.1f s, or when it is predicted to take over twice that; whole run %.1f min",
                Harness.PRIME_WARMUPS * b.warmupSeconds(), b.warmupSeconds(), Harness.MIN_WARMUP_CALLS, 5 * b.warmupSeconds(),
                b.repeats(), Math.min(3, b.repeats()), b.minLoopSeconds(), b.maxCallSeconds(), minutes);
    }

    /**
     * The CPU and every device of every provider that reports itself available, but no emulated
     * device: its timings are the host's (name it with --device to time it anyway; its results are
     * then marked "-emulated" and stay out of every ratio and the CPU-vs-GPU chart).
     */
    static List<Device> availableDevices(PrintStream out) {
        List<Device> devices = new ArrayList<>(List.of(Device.CPU));
        for (BackendProvider p : Backends.providers()) {
            if (p.unavailableReason() != null) {
                out.println("bench: " + p.type() + " left out: " + p.unavailableReason());
                continue;
            }
            if (p.emulated()) {
                out.println("bench: " + p.type() + " left out: it is the emulated device, whose timings are the host's and never a GPU's"
                        + " (--device " + p.type() + " times it anyway, marked emulated)");
                continue;
            }
            for (int i = 0; i < p.deviceCount(); i++) devices.add(new Device(p.type(), i));
        }
        return devices;
    }

    private static List<Device> parseDevices(String list) {
        List<Device> out = new ArrayList<>();
        for (String d : list.split(",")) out.add(Device.parse(d));
        return out;
    }

    private static List<DType> parseDTypes(String list) {
        List<DType> out = new ArrayList<>();
        for (String d : list.split(",")) out.add(DTypeNames.parse(d.trim()));
        return out;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
