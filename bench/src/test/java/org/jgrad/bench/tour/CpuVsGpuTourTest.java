package org.jgrad.bench.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jgrad.autograd.Tensor;
// notebook:begin imports
import org.jgrad.bench.harness.Result;
import org.jgrad.bench.models.BenchModel;
import org.jgrad.bench.report.BenchReport;
import org.jgrad.bench.report.Crossover;
import org.jgrad.bench.report.JsonReport;
import org.jgrad.bench.report.Ratio;
// notebook:end imports
import org.jgrad.nn.Module;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.Optimizer;
import org.junit.jupiter.api.Test;

/**
 * The tour's page 8 (docs/tour/8-cpu-vs-gpu.md): reading the committed quick CPU benchmark run
 * (bench/results/cpu-quick-2026-11-27/bench.json) row by row, what its crossover chart can and
 * cannot say without a GPU run, and where the time of one training step of model (a) goes.
 * Writes figures/bench-rows.txt; the phase timings, which differ from run to run, go to standard
 * output and target/tour/train-step-phases.txt, not into the pages.
 */
class CpuVsGpuTourTest {
    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");
    private static final Path RUN = Path.of("results", "cpu-quick-2026-11-27", "bench.json");

    @Test
    void theCommittedRunReadsBackWithItsKeyRowsAndRatios() throws IOException {
        // notebook:begin read-report
        // notebook:uses #imports
        // notebook-only: Path RUN = Path.of("..", "..", "bench", "results", "cpu-quick-2026-11-27", "bench.json");   // from docs/notebooks
        // notebook:end read-report
        // tour:begin read-report
        BenchReport report = JsonReport.read(RUN);
        List<Result> results = report.allResults();
        Ratio jgradOverPytorch = Ratio.pairs(report.columns()).get(0);   // jgrad@cpu / pytorch@cpu
        // tour:end read-report
        assertEquals(List.of("jgrad@cpu", "pytorch@cpu"), report.columns(), "the committed run has no GPU column");
        assertEquals("jgrad/pytorch cpu", jgradOverPytorch.title());

        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-22s %-8s %-12s %-30s %-9s %s%n",
                "case", "dtype", "column", "median rate [low-high]", "spread", "jgrad/pytorch"));
        for (String label : List.of("matmul 128", "matmul 1024", "add 1M", "train step (a) bs 128")) {
            for (Result r : results) {
                if (!r.benchCase().label().equals(label) || r.dtype() != DType.FLOAT32 || !r.ran()) continue;
                // notebook:begin row
                // notebook-only: Result r = results.stream().filter(x -> x.benchCase().label().equals("matmul 1024") && x.ran()).findFirst().orElseThrow();
                // notebook:end row
                // tour:begin row
                double median = r.rate(), low = r.rateAtMax(), high = r.rateAtMin();   // slowest and fastest loop
                double spread = high / low;                                              // 1.00 = every loop the same
                double ratio = jgradOverPytorch.of(results, r.benchCase(), r.dtype());   // > 1: jgrad is faster
                // tour:end row
                text.append(String.format(Locale.ROOT, "%-22s %-8s %-12s %-30s x%-8.2f %s", label, "float32", r.column(),
                        String.format(Locale.ROOT, "%s [%s-%s] %s", rate(median), rate(low), rate(high), r.benchCase().unit()), spread,
                        r.engine().equals("jgrad") ? String.format(Locale.ROOT, "%.2f", ratio) : "").stripTrailing()).append('\n');
                assertTrue(low <= median && median <= high, "the median lies in the spread: " + r);
            }
        }
        Files.writeString(FIGURES.resolve("bench-rows.txt"), text.toString());
        assertTrue(text.toString().contains("train step (a) bs 128"), text.toString());
    }

    @Test
    void withoutAGpuColumnThereIsNoCrossover() throws IOException {
        // notebook:begin crossover
        List<Result> results = JsonReport.read(RUN).allResults();
        NavigableMap<Double, Double> cpu = new TreeMap<>(), gpu = new TreeMap<>();
        for (Result r : results)
            if (r.column().equals("jgrad@cpu") && r.benchCase().family().equals("matmul") && r.dtype() == DType.FLOAT32)
                cpu.put(r.benchCase().size(), r.rate());
        // notebook:end crossover
        // tour:begin crossover
        double crossover = Crossover.find(cpu, gpu);   // gpu: GFLOP/s by n of a jgrad@cuda column, empty here
        // tour:end crossover
        assertTrue(Double.isNaN(crossover), "no GPU numbers, no crossover");
        assertFalse(cpu.isEmpty());
        NavigableMap<Double, Double> imagined = new TreeMap<>(cpu);
        imagined.replaceAll((n, rate) -> n >= 256 ? rate * 2 : rate / 2);
        assertEquals(256, Crossover.find(cpu, imagined), "a device twice as fast from n = 256 on crosses over at 256");
    }

    @Test
    void aTrainingStepSplitsIntoForwardBackwardAndStep() throws IOException {
        // notebook:begin phases
        // notebook:uses #time-one-step
        Generator g = new Generator(0);
        NDArray images = NDArray.randn(g, DType.FLOAT32, 128, 1, 28, 28);
        NDArray labels = NDArray.randint(0, 10, g, 128);
        // notebook:end phases
        // tour:begin phases
        Module model = BenchModel.BASIC_CNN.build(g).train();             // model (a), 12,126 parameters
        Optimizer adam = Adam.of(model.parameters(), 1e-3);
        CrossEntropyLoss crossEntropy = new CrossEntropyLoss();
        int steps = 8;
        long[] forward = new long[steps], backward = new long[steps], step = new long[steps], whole = new long[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            model.zeroGrad();
            Tensor loss = crossEntropy.forward(model.forward(Tensor.of(images)), labels);
            long t1 = System.nanoTime();
            loss.backward();
            long t2 = System.nanoTime();
            adam.step();
            long t3 = System.nanoTime();
            forward[i] = t1 - t0; backward[i] = t2 - t1; step[i] = t3 - t2;
            whole[i] = timeOneStep(model, adam, crossEntropy, images, labels);   // the same step, timed as one
        }
        // tour:end phases
        int from = 3;                                                     // the first steps warm the JIT up
        double f = medianMs(forward, from), b = medianMs(backward, from), s = medianMs(step, from), w = medianMs(whole, from);
        String text = String.format(Locale.ROOT, "model (a), batch 128, float32, CPU; median of steps %d-%d%n"
                + "forward + loss   %7.2f ms  %4.1f%%%nbackward         %7.2f ms  %4.1f%%%noptimizer step   %7.2f ms  %4.1f%%%n"
                + "sum of the parts %7.2f ms%nwhole step       %7.2f ms (timed separately)%n",
                from + 1, steps, f, 100 * f / (f + b + s), b, 100 * b / (f + b + s), s, 100 * s / (f + b + s), f + b + s, w);
        System.out.print(text);
        Files.createDirectories(Path.of("target", "tour"));
        Files.writeString(Path.of("target", "tour", "train-step-phases.txt"), text);
        assertTrue(f > 0 && b > 0 && s > 0 && w > 0, text); // no assertion on the times themselves: they depend on the machine's load
    }

    /** A rate with four significant digits or more, never in exponent form. */
    private static String rate(double value) {
        return String.format(Locale.ROOT, value >= 1000 ? "%.0f" : "%.1f", value);
    }

    // notebook:begin time-one-step
    private static long timeOneStep(Module model, Optimizer adam, CrossEntropyLoss crossEntropy, NDArray images, NDArray labels) {
        long t0 = System.nanoTime();
        model.zeroGrad();
        crossEntropy.forward(model.forward(Tensor.of(images)), labels).backward();
        adam.step();
        return System.nanoTime() - t0;
    }
    // notebook:end time-one-step

    private static double medianMs(long[] nanos, int from) {
        long[] kept = Arrays.copyOfRange(nanos, from, nanos.length);
        Arrays.sort(kept);
        int n = kept.length;
        return (n % 2 == 1 ? kept[n / 2] : (kept[n / 2 - 1] + kept[n / 2]) / 2.0) / 1e6;
    }
}
