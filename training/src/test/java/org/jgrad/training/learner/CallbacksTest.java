package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.optim.LayerGroups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DivergenceStop, EarlyStopping and SaveModelCallback on tiny synthetic fits. */
class CallbacksTest {
    /** Cross-entropy, except that training batch {@code badAt} (counted over the fit) is multiplied by {@code factor}. */
    private static LossFunction lossBadAt(int badAt, double factor) {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        int[] trainingCalls = {0};
        return (out, y) -> {
            Tensor loss = ce.forward(out, y);
            if (!out.requiresGrad()) return loss;   // validation: no graph
            return trainingCalls[0]++ == badAt ? loss.mul(factor) : loss;
        };
    }

    @Test
    void divergenceStopCancelsAtTheNanBatch() {
        Learner learn = Fixtures.learner(0, lossBadAt(7, Double.NaN), List.of(), LayerGroups::single);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        DivergenceStop stop = new DivergenceStop(4, new PrintStream(text, true, StandardCharsets.UTF_8));
        learn.addCallbacks(stop);
        learn.fit(3, 1e-3);
        // 5 batches per epoch: fit batch 7 is epoch 1, batch 2; batches 0..6 ran, the NaN one took no step
        assertTrue(stop.stopped());
        assertEquals(1, stop.stoppedAtEpoch());
        assertEquals(2, stop.stoppedAtBatch());
        assertEquals(7, learn.recorder().batchLosses().size());
        assertEquals(1, learn.recorder().epochs().size());
        assertTrue(stop.message().contains("training loss NaN at epoch 1, batch 2 (batch 7 of the fit)"), stop.message());
        assertTrue(text.toString(StandardCharsets.UTF_8).contains(stop.message()));
        for (Tensor p : learn.model().parameters()) assertFalse(Double.isNaN(p.data().sum().item()), "a NaN step was taken");
    }

    @Test
    void divergenceStopCancelsWhenTheLossJumpsAboveFourTimesTheBest() {
        Learner learn = Fixtures.learner(0, lossBadAt(3, 10), List.of(), LayerGroups::single);
        DivergenceStop stop = new DivergenceStop(4, null);
        learn.addCallbacks(stop);
        learn.fit(2, 1e-3);
        assertEquals(0, stop.stoppedAtEpoch());
        assertEquals(3, stop.stoppedAtBatch());
        assertEquals(3, learn.recorder().batchLosses().size());
        assertTrue(stop.message().contains("above 4 x the best at epoch 0, batch 3"), stop.message());

        // an ordinary fit is not stopped
        Learner fine = Fixtures.learner(0);
        DivergenceStop quiet = new DivergenceStop(4, null);
        fine.addCallbacks(quiet);
        fine.fit(2, 1e-3);
        assertFalse(quiet.stopped());
        assertEquals(10, fine.recorder().batchLosses().size());
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
        Fixtures.Scripted score = new Fixtures.Scripted("score", 0.5, 0.6, 0.7, 0.65, 0.69, 0.8, 0.9);
        Learner learn = Fixtures.learner(0, new CrossEntropyLoss()::forward, List.of(score), LayerGroups::single);
        EarlyStopping early = new EarlyStopping(new Monitor("score", Monitor.Mode.MAX, 0), 2, null);
        learn.addCallbacks(early);
        learn.fit(7, 1e-3);
        // best 0.7 at epoch 2; epochs 3 and 4 do not improve: stop after epoch 4
        assertEquals(4, early.stoppedAfterEpoch());
        assertEquals(2, early.bestEpoch());
        assertEquals(0.7, early.best(), 0);
        assertEquals(5, learn.recorder().epochs().size());
        assertEquals("EarlyStopping: no improvement in score since epoch 2 (best 0.700000): stopping after epoch 4", early.message());
    }

    @Test
    void earlyStoppingHonoursMinDeltaAndMode() {
        Fixtures.Scripted err = new Fixtures.Scripted("err", 1.0, 0.95, 0.9, 0.5);
        Learner learn = Fixtures.learner(0, new CrossEntropyLoss()::forward, List.of(err), LayerGroups::single);
        EarlyStopping early = new EarlyStopping("err", 2, 0.1, Monitor.Mode.MIN);
        learn.addCallbacks(early);
        learn.fit(4, 1e-3);
        // 0.95 and 0.9 are not below 1.0 - 0.1
        assertEquals(2, early.stoppedAfterEpoch());
        assertEquals(3, learn.recorder().epochs().size());
        assertEquals(Monitor.Mode.MIN, Monitor.of("error_rate", 0).mode());
        assertEquals(Monitor.Mode.MAX, Monitor.of("accuracy", 0).mode());

        // without a stop the fit runs to the end
        Fixtures.Scripted rising = new Fixtures.Scripted("accuracy", 0.1, 0.2, 0.3);
        Learner again = Fixtures.learner(0, new CrossEntropyLoss()::forward, List.of(rising), LayerGroups::single);
        EarlyStopping patient = new EarlyStopping(Monitor.of("accuracy", 0), 1, null);
        again.addCallbacks(patient);
        again.fit(3, 1e-3);
        assertEquals(-1, patient.stoppedAfterEpoch());
        assertEquals(3, again.recorder().epochs().size());
    }

    @Test
    void saveModelCallbackCheckpointsEveryEpoch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ckpt.safetensors");
        Learner learn = Fixtures.learner(0);
        SaveModelCallback save = SaveModelCallback.everyEpoch(file);
        int[] epochsSeenOnDisk = {-1};
        learn.addCallbacks(save, new Callback() {   // runs after the checkpoint of the same epoch
            @Override
            public void afterEpoch(Learner l) {
                try {
                    epochsSeenOnDisk[0] = Fixtures.learner(9).load(file).epoch();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        learn.fitOneCycle(2, 1e-2);
        assertEquals(2, save.saves());
        assertEquals(2, epochsSeenOnDisk[0]);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
        Learner fresh = Fixtures.learner(5);
        Learner.Checkpoint info = fresh.load(file);
        assertEquals(2, info.epoch());
        assertEquals(10, info.batchesDone());
        assertEquals(10, info.totalBatches());
        Fixtures.assertSameArrays(Fixtures.snapshot(learn.model()), Fixtures.snapshot(fresh.model()));
    }

    @Test
    void saveModelCallbackCanKeepOnlyTheBest(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("best.safetensors");
        Fixtures.Scripted score = new Fixtures.Scripted("score", 0.5, 0.7, 0.6);
        Learner learn = Fixtures.learner(0, new CrossEntropyLoss()::forward, List.of(score), LayerGroups::single);
        SaveModelCallback save = SaveModelCallback.best(file, new Monitor("score", Monitor.Mode.MAX, 0));
        Map<String, NDArray>[] atEpoch1 = new Map[1];
        learn.addCallbacks(save, new Callback() {
            @Override
            public void afterEpoch(Learner l) {
                if (l.epoch() == 1) atEpoch1[0] = Fixtures.snapshot(l.model());
            }
        });
        learn.fit(3, 1e-2);
        assertEquals(2, save.saves());
        assertEquals(1, save.bestEpoch());
        Learner fresh = Fixtures.learner(5, new CrossEntropyLoss()::forward, List.of(), LayerGroups::single);
        assertEquals(2, fresh.load(file).epoch());
        Fixtures.assertSameArrays(atEpoch1[0], Fixtures.snapshot(fresh.model()));
    }
}
