package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ProgressPrinter's bars follow the batch events of both phases; in a log they are one line per phase. */
class ProgressPrinterTest {
    /** A display that records every bar: its phase, epoch, size, updates and whether it was finished. */
    static final class RecordingDisplay implements ProgressDisplay {
        static final class Recorded implements Bar {
            final String phase;
            final int epoch, batches;
            final List<Integer> done = new ArrayList<>();
            final List<Double> losses = new ArrayList<>();
            int finished;

            Recorded(String phase, int epoch, int batches) {
                this.phase = phase;
                this.epoch = epoch;
                this.batches = batches;
            }

            @Override
            public void update(int done, double runningLoss, double batchesPerSecond) {
                assertEquals(0, finished, "update after finish");
                assertTrue(batchesPerSecond >= 0);
                this.done.add(done);
                losses.add(runningLoss);
            }

            @Override
            public void finish() {
                finished++;
            }
        }

        final List<Recorded> bars = new ArrayList<>();

        @Override
        public Bar start(String phase, int epoch, int batches) {
            if (!bars.isEmpty()) assertEquals(1, bars.get(bars.size() - 1).finished, "the previous bar is finished first");
            Recorded bar = new Recorded(phase, epoch, batches);
            bars.add(bar);
            return bar;
        }
    }

    private static List<Integer> oneTo(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(i);
        return out;
    }

    @Test
    void barsFollowTheTrainingAndValidationBatches() {
        Learner learn = Fixtures.learner(0);   // 5 training batches, 2 validation batches of 32
        RecordingDisplay display = new RecordingDisplay();
        learn.addCallbacks(new ProgressPrinter(new PrintStream(new ByteArrayOutputStream()), display));
        learn.fit(2, 1e-2);

        assertEquals(4, display.bars.size());
        List<Double> trainLosses = learn.recorder().batchLosses();
        for (int k = 0; k < 4; k++) {
            RecordingDisplay.Recorded bar = display.bars.get(k);
            int epoch = k / 2;
            boolean train = k % 2 == 0;
            assertEquals(train ? "train" : "valid", bar.phase);
            assertEquals(epoch, bar.epoch);
            assertEquals(train ? 5 : 2, bar.batches);
            assertEquals(oneTo(bar.batches), bar.done, "one update per batch, in order");
            assertEquals(1, bar.finished);
            EpochResult result = learn.recorder().epochs().get(epoch);
            if (train) {
                double sum = 0;
                for (int b = 0; b < 5; b++) {
                    sum += trainLosses.get(epoch * 5 + b);
                    assertEquals(sum / (b + 1), bar.losses.get(b), 1e-12, "running mean after batch " + b);
                }
                assertEquals(result.trainLoss(), bar.losses.get(4), 1e-12);
            } else {
                assertEquals(result.validLoss(), bar.losses.get(1), 1e-6, "equal batches: the mean of batch losses is the valid loss");
            }
        }
    }

    @Test
    void aCancelledEpochFinishesItsBarEarly() {
        Learner learn = Fixtures.learner(0);
        RecordingDisplay display = new RecordingDisplay();
        learn.addCallbacks(new ProgressPrinter(new PrintStream(new ByteArrayOutputStream()), display), new Callback() {
            @Override
            public void afterBatch(Learner l) {
                if (l.isTraining() && l.recorder().batchLosses().size() == 3) throw Callback.Cancel.EPOCH;
            }
        });
        learn.fit(1, 1e-2);
        assertEquals(1, display.bars.size());
        assertEquals(List.of(1, 2, 3), display.bars.get(0).done);
        assertEquals(1, display.bars.get(0).finished);
    }

    @Test
    void inALogEachPhaseIsOneLine() {
        Learner learn = Fixtures.learner(0);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        learn.addCallbacks(new ProgressPrinter(new PrintStream(text, true, StandardCharsets.UTF_8)));
        learn.fit(2, 1e-2);
        String[] lines = text.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(7, lines.length, String.join("\n", lines));   // per epoch: train and valid lines, a table row; one header
        assertTrue(lines[0].matches("train 0: 5/5 batches, loss [0-9.]+, [0-9.]+ batches/s"), lines[0]);
        assertTrue(lines[1].matches("valid 0: 2/2 batches, loss [0-9.]+, [0-9.]+ batches/s"), lines[1]);
        assertTrue(lines[2].startsWith("epoch  train_loss  valid_loss  accuracy"), lines[2]);
        assertTrue(lines[5].startsWith("valid 1: 2/2 batches"), lines[5]);
    }

    @Test
    void theProgressPropertyGivesEveryNewLearnerAPrinterOnSystemOut() {
        PrintStream old = System.out;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        System.setOut(new PrintStream(text, true, StandardCharsets.UTF_8));
        try {
            Fixtures.learner(0).fit(1, 1e-2);
            assertEquals("", text.toString(StandardCharsets.UTF_8), "off by default: scripts and tests stay quiet");
            System.setProperty(Learner.PROGRESS_PROPERTY, "true");
            Fixtures.learner(0).fit(1, 1e-2);
        } finally {
            System.clearProperty(Learner.PROGRESS_PROPERTY);
            System.setOut(old);
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("epoch  train_loss  valid_loss  accuracy") && printed.contains("train 0: 5/5 batches"), printed);
    }
}
