package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.training.optim.LayerGroups;
import org.jgrad.training.optim.Lr;
import org.jgrad.training.optim.Sgd;
import org.jgrad.training.schedule.OneCycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loss diagnosis in real (tiny) fits: its lines appear under the epoch table's rows and after
 * the fit, the table's rows stay as they are, and a run resumed from a checkpoint prints the same.
 */
// notebook:skip diagnose: Fixtures, the test classes' blobs learner, is test code (its other helpers need JUnit)
class LossDiagnosisFitTest {
    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");

    /** A printer writing the table (and no progress lines) into {@code text}. */
    private static ProgressPrinter printer(ByteArrayOutputStream text) {
        return new ProgressPrinter(new PrintStream(text, true, StandardCharsets.UTF_8), new LogLines(new PrintStream(OutputStream.nullOutputStream())));
    }

    /** The printed text with every row's time column as 00:00. */
    private static String withoutTimes(ByteArrayOutputStream text) {
        return text.toString(StandardCharsets.UTF_8).replaceAll("(?m) \\d\\d:\\d\\d$", " 00:00");
    }

    /** The blobs learner of {@link Fixtures} with plain SGD, whose one-cycle peak of 10 makes the loss grow. */
    private static Learner sgd() {
        Learner like = Fixtures.learner(0);
        return new Learner(like.dls(), like.model(), new CrossEntropyLoss()::forward, groups -> new Sgd(groups, 1, 0, 0, 0, false),
                List.of(new Accuracy()), LayerGroups::single);
    }

    /** Every line is the header, a row (epoch, two losses, the accuracy, the time), a row's diagnosis (indented) or the fit's (fit: ...). */
    private static void assertTable(String printed, int rows) {
        String[] lines = printed.split("\n");
        assertEquals("epoch  train_loss  valid_loss  accuracy   time", lines[0], printed);
        int seen = 0;
        for (String line : lines) {
            if (line == lines[0]) continue;
            if (line.matches("\\d+ +[-0-9.eE]+ +[-0-9.eE]+ +[0-9.]+ +\\d\\d:\\d\\d")) {
                assertTrue(line.startsWith(seen + " "), "rows in order: " + printed);
                seen++;
            } else {
                assertTrue(line.startsWith(ProgressPrinter.DIAGNOSIS_INDENT + "learning rate: ") || line.startsWith(ProgressPrinter.DIAGNOSIS_INDENT + "overfitting: ")
                        || line.startsWith("fit: "), "a diagnosis: " + line);
            }
        }
        assertEquals(rows, seen, printed);
    }

    @Test
    void aShortFitEndsWithItsDiagnosisUnderTheTable() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ProgressPrinter printer = printer(text);
        // tour:begin diagnose
        Learner learn = Fixtures.learner(0).diagnose(true);   // off unless asked for, except in ./jgrad shell
        learn.addCallbacks(printer);
        learn.fitOneCycle(1, 0.1);
        List<LossDiagnosis.Diagnosis> found = learn.diagnoses();   // what the table printed, for a notebook
        // tour:end diagnose
        String printed = withoutTimes(text);
        assertTable(printed, 1);
        assertEquals(List.of(LossDiagnosis.Kind.UNDERFITTING), found.stream().map(LossDiagnosis.Diagnosis::kind).toList(), printed);
        assertTrue(printed.endsWith("\n" + found.get(0).text() + "\n"), printed);
        assertTrue(found.get(0).text().startsWith("fit: underfitting: the late train loss "), printed);
        Files.writeString(FIGURES.resolve("loss-diagnosis.txt"), printed);

        Learner quiet = Fixtures.learner(0);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        quiet.addCallbacks(printer(plain));
        quiet.fitOneCycle(1, 0.1);
        assertEquals(printed.substring(0, printed.indexOf("fit: ")), withoutTimes(plain), "off by default: the same table without the line");
        assertEquals(List.of(), quiet.diagnoses());
    }

    @Test
    void aResumedRunPrintsTheSameTableAndDiagnoses(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("epoch1.safetensors");
        Learner a = sgd().diagnose(true);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        a.addCallbacks(printer(whole), new Callback() {
            @Override
            public void afterEpoch(Learner l) {
                if (l.epoch() != 0) return;
                try {
                    l.save(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        a.fitOneCycle(3, Lr.of(10), new OneCycle());

        Learner b = sgd().diagnose(true);
        ByteArrayOutputStream resumed = new ByteArrayOutputStream();
        int start = b.load(file).epoch();
        b.addCallbacks(printer(resumed));
        b.fitOneCycle(3, Lr.of(10), new OneCycle(), start);

        String printed = withoutTimes(whole);
        assertTable(printed, 3);
        assertTrue(printed.contains("\n" + ProgressPrinter.DIAGNOSIS_INDENT + "learning rate: "), printed);
        assertTrue(!printed.contains("overfitting"), "the accuracy that fell with the learning rate off is not called overfitting: " + printed);
        Files.writeString(FIGURES.resolve("loss-diagnosis-sgd.txt"), printed);
        assertEquals(printed, withoutTimes(resumed), "the restored rows are printed with their diagnoses, then the new ones");
        assertEquals(a.diagnoses(), b.diagnoses());
    }
}
