package org.jgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.optim.Adam;
import org.junit.jupiter.api.Test;

/**
 * scikit-learn's 8×8 digits, a small real table, through a {@link DataBlock} and a
 * {@link Learner}. The file is fetched into the standard data cache from the Debian package
 * python3-sklearn when it is missing (about 2 MB); where that cannot be done (no apt-get, no
 * network) the test is skipped with the reason.
 */
class SklearnDigitsTest {
    private static Path digitsFile() {
        DatasetCache cache = DatasetCache.standard(line -> {});
        Path cached = cache.folder(SklearnDigits.ID).resolve(SklearnDigits.FILE.name());
        if (!Files.isRegularFile(cached))
            assumeTrue(System.getenv("PATH") != null && List.of(System.getenv("PATH").split(":")).stream()
                    .anyMatch(d -> Files.isExecutable(Path.of(d, "apt-get"))), "no apt-get to fetch python3-sklearn's digits.csv.gz");
        try {
            return SklearnDigits.ensure(cache);
        } catch (IOException e) {
            assumeTrue(false, "cannot fetch scikit-learn's digits: " + e.getMessage());
            throw new AssertionError(e);
        }
    }

    @Test
    void anMlpLearnsTheDigitsFromADataBlock() throws IOException {
        Path file = digitsFile();
        CsvTable table = CsvTable.read(file, false);
        assertEquals(SklearnDigits.ROWS, table.rowCount());
        assertEquals(65, table.columns().size());

        DataBlock<CsvTable.Row, Object> block = DataBlock
                .of(VectorBlock.of(64, (CsvTable.Row row) -> row.numbers(SklearnDigits.PIXEL_COLUMNS)), new CategoryBlock())
                .getItems(p -> CsvTable.read(p, false).rows())
                .labeller(row -> row.get(SklearnDigits.LABEL_COLUMN))
                .splitter(Splitters.random(0.2, 42))
                .itemTransform(x -> x.div(16.0));
        DataBlock.Datasets ds = block.datasets(file);
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), ds.vocab());
        assertArrayEquals(new int[] {1438, 64}, ds.train().x().shape());
        assertArrayEquals(new int[] {359, 64}, ds.valid().x().shape());

        Generator g = new Generator(0);
        Module model = new Sequential(new Linear(64, 64, true, g), new Activations.ReLU(), new Linear(64, 10, true, g));
        Learner learn = new Learner(ds.dataloaders(32, 0), model, ds.defaultLoss(), groups -> Adam.fastai(groups, 1e-2), ds.defaultMetrics());
        learn.fitOneCycle(5, 1e-2);
        double accuracy = learn.recorder().epochs().get(4).metrics().get("accuracy");
        System.out.printf("scikit-learn digits: validation accuracy %.4f after 5 epochs%n", accuracy);
        assertTrue(accuracy >= 0.9, "validation accuracy " + accuracy);
    }
}
