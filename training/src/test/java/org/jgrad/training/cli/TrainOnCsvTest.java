package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.jgrad.training.data.DatasetCache;
import org.jgrad.training.data.SklearnDigits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgrad train --data FILE.csv --label COLUMN}: an MLP on the numeric columns, classes by
 * default, a number with {@code --regression}; on tables the test writes and on scikit-learn's
 * digits when the data cache has them.
 */
class TrainOnCsvTest {
    /** Three classes of flowers, two informative columns and one of noise, with a header. */
    private static Path writeFlowers(Path file, int rows) throws IOException {
        Random rnd = new Random(2);
        String[] species = {"small", "medium", "large"};
        StringBuilder csv = new StringBuilder("width,height,noise,species\n");
        for (int r = 0; r < rows; r++) {
            int k = rnd.nextInt(3);
            csv.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%s%n", 10 + 5 * k + rnd.nextGaussian(), 2 + k + 0.4 * rnd.nextGaussian(),
                    rnd.nextGaussian() * 100, species[k]));
        }
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void classifiesTheRowsOfATable(@TempDir Path dir) throws IOException {
        Path csv = writeFlowers(dir.resolve("flowers.csv"), 300), run = dir.resolve("run");
        String printed = Cli.run("train", "--data", csv.toString(), "--label", "species", "--epochs", "4", "--bs", "16", "--out", run.toString());
        assertTrue(printed.contains("240 training and 60 validation rows of " + csv + ", 3 features, label 'species': 3 classes [large, medium, small]"),
                printed);
        assertTrue(printed.contains("epoch  train_loss  valid_loss  accuracy"), printed);
        double accuracy = Cli.finalMetric(run, "accuracy");
        assertTrue(accuracy >= 0.9, "validation accuracy " + accuracy + "\n" + printed);
    }

    @Test
    void regressesANumberFromAGzippedTableWithMse(@TempDir Path dir) throws IOException {
        Path gz = dir.resolve("line.csv.gz"), run = dir.resolve("run");
        Random rnd = new Random(3);
        try (OutputStream file = Files.newOutputStream(gz); Writer w = new java.io.OutputStreamWriter(new GZIPOutputStream(file), StandardCharsets.UTF_8)) {
            w.write("a,b,y\n");
            for (int r = 0; r < 500; r++) {
                double a = rnd.nextGaussian(), b = rnd.nextGaussian();
                w.write(String.format(Locale.ROOT, "%.4f,%.4f,%.4f%n", a, b, 3 * a - 2 * b + 0.5 + 0.1 * rnd.nextGaussian()));
            }
        }
        String printed = Cli.run("train", "--data", gz.toString(), "--label", "y", "--regression", "--epochs", "8", "--bs", "16",
                "--out", run.toString());
        assertTrue(printed.contains("label 'y': a number (regression, MSE)"), printed);
        assertTrue(printed.contains("epoch  train_loss  valid_loss  mse"), printed);
        double mse = Cli.finalMetric(run, "mse");   // y has variance 13
        assertTrue(mse < 0.5, "validation mse " + mse + "\n" + printed);
    }

    @Test
    void learnsScikitLearnsDigitsWhenCached(@TempDir Path dir) throws IOException {
        Path digits = DatasetCache.standard(line -> {}).folder(SklearnDigits.ID).resolve(SklearnDigits.FILE.name());
        assumeTrue(Files.isRegularFile(digits), "scikit-learn's digits are not in the data cache (SklearnDigitsTest fetches them)");
        Path run = dir.resolve("run");
        String printed = Cli.run("train", "--data", digits.toString(), "--label", SklearnDigits.LABEL_COLUMN, "--epochs", "5", "--bs", "32",
                "--out", run.toString());
        assertTrue(printed.contains("1438 training and 359 validation rows"), printed);   // no header guessed: 1,797 rows
        double accuracy = Cli.finalMetric(run, "accuracy");
        assertTrue(accuracy >= 0.93, "validation accuracy " + accuracy + "\n" + printed);
    }

    @Test
    void tableOptionsAreChecked(@TempDir Path dir) throws IOException {
        Path csv = writeFlowers(dir.resolve("flowers.csv"), 20);
        String noLabel = Cli.fails("train", "--data", csv.toString());
        assertTrue(noLabel.contains("a CSV table needs --label COLUMN"), noLabel);
        String unknown = Cli.fails("train", "--data", csv.toString(), "--label", "colour");
        assertTrue(unknown.contains("no column 'colour'") && unknown.contains("species"), unknown);
        String notTable = Cli.fails("train", "--label", "species");
        assertTrue(notTable.contains("--label applies to a CSV table"), notTable);
        String augment = Cli.fails("train", "--data", csv.toString(), "--label", "species", "--augment");
        assertTrue(augment.contains("--augment transforms images"), augment);
        String missing = Cli.fails("train", "--data", dir.resolve("none.csv").toString(), "--label", "x");
        assertTrue(missing.contains("no such CSV file"), missing);
    }
}
