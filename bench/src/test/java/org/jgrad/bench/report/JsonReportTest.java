package org.jgrad.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.Result;
import org.jgrad.bench.models.BenchModel;
import org.jgrad.bench.timing.Summary;
import org.jgrad.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench.json is read back exactly (that is how other runs and the Python peer are merged). */
class JsonReportTest {
    @TempDir
    Path dir;

    @Test
    void resultsSurviveAWriteAndARead() throws Exception {
        List<Result> results = List.of(
                new Result("jgrad", "cpu", DType.FLOAT32, new Case.Conv2d(8, 3, 16, 28, 3, 2, 1), Summary.of(0.25, 0.5, 1.25), 7, null),
                new Result("jgrad", "cpu", DType.FLOAT16, new Case.TrainStep(BenchModel.RESIDUAL_CNN, 32), Summary.of(1e-3), 1, null),
                Result.notAvailable("pytorch", "cpu", DType.FLOAT16, new Case.Reduction("max", 4096), "not \"here\"\nreally"));
        Machine machine = new Machine("Some CPU", 2, "17", "Linux", List.of("jgrad on cpu"), "2026-11-27T00:00Z", "load 1.0");
        Path file = dir.resolve("bench.json");
        JsonReport.write(new BenchReport("tiny", machine, "settings", results, List.of()), file);

        BenchReport.Merged back = JsonReport.readResults(file);
        assertEquals(machine, back.machine());
        assertEquals(results, back.results());
        BenchReport whole = JsonReport.read(file);
        assertEquals("tiny", whole.plan());
        assertEquals("settings", whole.settings());
    }

    @Test
    void aFileWithoutResultsIsAClearError() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"machine\": {}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReport.readResults(file));
        assertEquals("bench: " + file + " has no results array", e.getMessage());
    }
}
