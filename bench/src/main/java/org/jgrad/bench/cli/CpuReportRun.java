package org.jgrad.bench.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jgrad.bench.harness.Budget;
import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.Engine;
import org.jgrad.bench.harness.Harness;
import org.jgrad.bench.harness.JgradEngine;
import org.jgrad.bench.harness.PeerServer;
import org.jgrad.bench.harness.Plan;
import org.jgrad.bench.harness.Result;
import org.jgrad.bench.models.BenchModel;
import org.jgrad.bench.report.BenchReport;
import org.jgrad.bench.report.CpuComparison;
import org.jgrad.bench.report.JsonReport;
import org.jgrad.bench.report.LoadSampler;
import org.jgrad.bench.report.Machine;
import org.jgrad.bench.timing.LoopTimer;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.cpu.CpuParallel;

/**
 * {@code ./jgrad bench --cpu-report [--quick] [--epoch-images N] [--out DIR]}: jgrad on the CPU and
 * PyTorch (its own JVM, {@link Peers}) taking turns case by case over {@link #plan}, in float32, then
 * a few of the peer's cases again in a fresh peer process alone ({@link #aloneCases}); writes
 * {@code DIR/cpu-<date>.md} ({@link CpuComparison}; {@code cpu-<date>-quick.md} with {@code --quick})
 * and the results as {@code .json} beside it. {@code --epoch-images N} trains the epochs on N images
 * (the first N of the seeded permutation) instead of 60,000, to check the machinery quickly.
 */
final class CpuReportRun {
    private CpuReportRun() {}

    /** The report's cases: matmul 256–2048, the bench's four conv2d shapes, the six training steps, then the two epochs. */
    static Plan plan(boolean quick, int epochImages) {
        List<Case> cases = new ArrayList<>();
        for (int n = 256; n <= 2048; n *= 2) cases.add(new Case.Matmul(n));
        for (Case c : Plan.full().cases()) if (c instanceof Case.Conv2d) cases.add(c);
        for (Case c : Plan.full().cases()) if (c instanceof Case.TrainStep) cases.add(c);
        for (BenchModel m : BenchModel.values()) cases.add(new Case.Epoch(m, 128, epochImages));
        Budget budget = quick ? Budget.QUICK : Budget.FULL.withEpochRepeats(2);
        return new Plan(quick ? "cpu-report-quick" : "cpu-report", cases, budget);
    }

    /** The cases measured again by the peer alone: a matmul, a convolution and a training step of each model. */
    static List<Case> aloneCases() {
        return List.of(new Case.Matmul(1024), new Case.Conv2d(64, 32, 64, 28, 3, 1, 1), new Case.TrainStep(BenchModel.BASIC_CNN, 128),
                new Case.TrainStep(BenchModel.RESIDUAL_CNN, 32));
    }

    static void run(String[] args, boolean quick, int epochImages, Path dir, PrintStream out) throws IOException {
        int threads = CpuParallel.threads();
        Plan plan = plan(quick, epochImages);
        Path outDir = dir != null ? dir : quick ? Path.of("bench", "target", "results") : Path.of("bench", "results");
        String stem = "cpu-" + LocalDate.now() + (quick ? "-quick" : "");
        List<DType> float32 = List.of(DType.FLOAT32);
        List<String> described = new ArrayList<>();
        List<Result> results, alone;
        long start = System.nanoTime();
        String load;
        try (LoadSampler sampler = new LoadSampler(5000)) {
            JgradEngine jgrad = new JgradEngine(Device.CPU);
            described.add(jgrad.describe() + "; JVM " + PeerServer.jvm());
            Engine peer = Peers.open("pytorch", threads);
            described.add(peer.describe());
            out.println("bench --cpu-report: " + plan.cases().size() + " cases, jgrad and " + peer.name() + " taking turns; " + described);
            try {
                results = new Harness(LoopTimer.system(), out).run(plan, List.of(jgrad, peer), float32);
            } finally {
                close(peer, out);
            }
            out.println("bench --cpu-report: " + peer.name() + " alone, in a fresh process, on " + aloneCases().size() + " cases");
            Engine fresh = Peers.open("pytorch", threads);
            try {
                // A first pass, not kept, brings the fresh JVM's side of the peer (DJL's Java code) to the JIT
                // state it had in the long alternating run; the second pass is the measurement.
                Plan alonePlan = new Plan("alone", aloneCases(), plan.budget());
                new Harness(LoopTimer.system(), new PrintStream(OutputStream.nullOutputStream())).run(alonePlan, List.of(fresh), float32);
                alone = new Harness(LoopTimer.system(), out).run(alonePlan, List.of(fresh), float32);
            } finally {
                close(fresh, out);
            }
            sampler.close();
            load = sampler.describe();
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        String commit = System.getProperty("jgrad.bench.commit", "");
        String settings = String.format(Locale.ROOT, "float32; %d threads on each side (-Djgrad.threads, the peer's intra- and inter-op threads);"
                        + " %s; epochs: %d run(s) each, every run a fresh model, not warmed up beyond the training steps before them%s",
                threads, BenchCommand.settings(plan.budget(), minutes), plan.budget().epochRepeats(),
                commit.isEmpty() ? "" : "; jgrad at commit " + commit);
        Machine machine = Machine.current(described, load);
        String command = "./jgrad bench " + String.join(" ", args);
        String md = CpuComparison.render(new CpuComparison.Run(machine, settings, command, results, alone, "pytorch"));
        Files.createDirectories(outDir);
        Path file = outDir.resolve(stem + ".md");
        Files.writeString(file, md);
        List<Result> all = new ArrayList<>(results);
        JsonReport.write(new BenchReport(plan.name(), machine, settings, all, List.of()), outDir.resolve(stem + ".json"));
        out.println("bench --cpu-report: wrote " + file + " and " + stem + ".json (" + String.format(Locale.ROOT, "%.1f", minutes) + " min)");
    }

    private static void close(Engine e, PrintStream out) {
        try {
            e.close();
        } catch (Exception ex) {
            out.println("bench: closing " + e.name() + ": " + ex);
        }
    }
}
