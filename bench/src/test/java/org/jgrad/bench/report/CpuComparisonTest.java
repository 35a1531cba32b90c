package org.jgrad.bench.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.Result;
import org.jgrad.bench.models.BenchModel;
import org.jgrad.tensor.DType;
import org.junit.jupiter.api.Test;

/** The cpu-<date>.md layout from made-up results: the rows, ratios with spreads, accuracies and the alone check. */
class CpuComparisonTest {
    private static Result r(String engine, Case c, double accuracy, double... samples) {
        return Result.measured(engine, "cpu", DType.FLOAT32, c, samples, 1, accuracy);
    }

    @Test
    void rendersBothEnginesSideBySideWithRatiosSpreadsAndTheAloneCheck() {
        Case step = new Case.TrainStep(BenchModel.BASIC_CNN, 32);
        Case epoch = new Case.Epoch(BenchModel.BASIC_CNN, 128, 60_000);
        Case matmul = new Case.Matmul(256);
        List<Result> results = List.of(
                r("jgrad", step, Double.NaN, 0.008, 0.008, 0.010), r("pytorch", step, Double.NaN, 0.004, 0.004, 0.004),
                r("jgrad", epoch, 0.9860, 11.0), r("pytorch", epoch, 0.9854, 4.0),
                r("jgrad", matmul, Double.NaN, 0.001, 0.001, 0.001), Result.notAvailable("pytorch", "cpu", DType.FLOAT32, matmul, "broken"));
        List<Result> alone = List.of(r("pytorch", step, Double.NaN, 0.0041, 0.0042, 0.0043));
        Machine m = new Machine("Some CPU", 2, "17", "Linux", List.of("jgrad on cpu", "pytorch on cpu"), "2026-12-07T10:00:00Z", "load 1.0");
        String md = CpuComparison.render(new CpuComparison.Run(m, "the settings", "./jgrad bench --cpu-report", results, alone, "pytorch"));

        assertTrue(md.startsWith("# CPU: jgrad and pytorch side by side — 2026-12-07\n"), md);
        assertTrue(md.contains("- machine: Some CPU, 2 cores; Linux"), md);
        assertTrue(md.contains("- load: load 1.0"), md);
        assertTrue(md.contains("| train step (a) bs 32 | 8 ms [8 ms – 10 ms] | 4 ms [4 ms – 4 ms] | 2.00× | 2.00–2.50 (3) |"), md);
        assertTrue(md.contains("| MNIST epoch (a) bs 128 | 11 s [11 s – 11 s] | 4 s [4 s – 4 s] | 2.75× | 2.75–2.75 (1) | 98.60% | 98.54% |"), md);
        assertTrue(md.contains("| matmul 256 | 1 ms [1 ms – 1 ms] | n/a [1] | n/a | n/a |"), md);
        assertTrue(md.contains("1. pytorch matmul 256: broken"), md);
        assertTrue(md.contains("Rows with jgrad slower than pytorch (time ratio above 1.00×): train step (a) bs 32 2.00×, MNIST epoch (a) bs 128 2.75×."), md);
        assertTrue(md.contains("| train step (a) bs 32 | 4 ms [4 ms – 4 ms] | 4.2 ms [4.1 ms – 4.3 ms] | 1.05× | no |"), md);
    }

    @Test
    void aloneAgreesWhenItsMedianLiesWithinTheAlternatingRunsLoops() {
        Case c = new Case.Matmul(512);
        Result inRun = r("pytorch", c, Double.NaN, 1.0, 1.2, 1.5);
        assertTrue(CpuComparison.agrees(inRun, r("pytorch", c, Double.NaN, 1.4, 1.45, 2.0)));
        assertFalse(CpuComparison.agrees(inRun, r("pytorch", c, Double.NaN, 0.5, 0.9, 1.1)));
    }
}
