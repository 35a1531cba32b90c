package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.nn.Module;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.nn.io.SafeTensorsContent;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.optim.LayerGroups;
import org.jgrad.training.optim.Lr;
import org.jgrad.training.schedule.OneCycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Learner checkpoints (save, load, exact resume, corrupt files) and fineTune. */
class LearnerCheckpointTest {
    @Test
    void saveThenLoadIntoAFreshLearnerContinuesExactly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("epoch1.safetensors");
        Learner a = Fixtures.learner(0);
        Map<String, NDArray>[] saved = new Map[2];
        a.addCallbacks(new Callback() {
            @Override
            public void afterEpoch(Learner l) {
                if (l.epoch() != 0) return;
                try {
                    l.save(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                saved[0] = Fixtures.snapshot(l.model());
                saved[1] = l.optimizer().stateDict();
            }
        });
        a.fitOneCycle(3, Lr.of(1e-2), new OneCycle());

        Learner b = Fixtures.learner(42);   // other initial weights, no optimizer state
        Learner.Checkpoint info = b.load(file);
        assertEquals(new Learner.Checkpoint(1, 5, 15, 1, 0, DType.FLOAT32), info);
        assertEquals(1, b.epochsDone());
        Fixtures.assertSameArrays(saved[0], Fixtures.snapshot(b.model()));
        Fixtures.assertSameArrays(saved[1], b.optimizer().stateDict());

        b.fitOneCycle(3, Lr.of(1e-2), new OneCycle(), info.epoch());
        // every later step is the one the uninterrupted run took, and the history continues the saved one
        assertEquals(a.recorder().batchLosses(), b.recorder().batchLosses());
        assertEquals(a.recorder().learningRates(), b.recorder().learningRates());
        assertEquals(a.recorder().momentums(), b.recorder().momentums());
        assertEquals(a.recorder().epochEnds(), b.recorder().epochEnds());
        assertEquals(a.recorder().epochs().get(0), b.recorder().epochs().get(0), "the saved epoch, its seconds too");
        for (int e = 1; e < 3; e++) {
            EpochResult ra = a.recorder().epochs().get(e), rb = b.recorder().epochs().get(e);
            assertEquals(new EpochResult(ra.epoch(), ra.trainLoss(), ra.validLoss(), ra.metrics(), 0),
                    new EpochResult(rb.epoch(), rb.trainLoss(), rb.validLoss(), rb.metrics(), 0), "epoch " + e);
        }
        Fixtures.assertSameArrays(Fixtures.snapshot(a.model()), Fixtures.snapshot(b.model()));
        Fixtures.assertSameArrays(a.optimizer().stateDict(), b.optimizer().stateDict());
        assertEquals(3, b.epochsDone());
    }

    private record State(Map<String, NDArray> model, Map<String, NDArray> opt, int epochsDone, int frozen, int loaderEpoch, List<Double> losses,
                         List<EpochResult> epochs) {}

    private static State state(Learner l) {
        return new State(Fixtures.snapshot(l.model()), l.optimizer().stateDict(), l.epochsDone(), l.optimizer().frozenLayerGroups(), l.dls().train().epoch(),
                List.copyOf(l.recorder().batchLosses()), List.copyOf(l.recorder().epochs()));
    }

    private static void assertUnchanged(State before, Learner l) {
        State now = state(l);
        Fixtures.assertSameArrays(before.model(), now.model());
        Fixtures.assertSameArrays(before.opt(), now.opt());
        assertEquals(before.epochsDone(), now.epochsDone());
        assertEquals(before.frozen(), now.frozen());
        assertEquals(before.loaderEpoch(), now.loaderEpoch());
        assertEquals(before.losses(), now.losses());
        assertEquals(before.epochs(), now.epochs());
    }

    @Test
    void aCorruptCheckpointLeavesTheLearnerUnchanged(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.safetensors");
        Learner source = Fixtures.learner(0, new CrossEntropyLoss()::forward, List.of(), m -> LayerGroups.split(m, 2));
        source.fitOneCycle(2, 1e-2);
        source.freeze();
        source.save(good);
        SafeTensorsContent content = SafeTensors.read(good);
        assertTrue(content.tensors().keySet().stream().allMatch(k -> k.startsWith("model.") || k.startsWith("opt.") || k.startsWith("recorder.")));

        Learner target = Fixtures.learner(3, new CrossEntropyLoss()::forward, List.of(), m -> LayerGroups.split(m, 2));
        target.fit(1, 1e-3);   // has weights, optimizer state and a loader epoch of its own
        State before = state(target);

        // truncated file
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 17));
        assertThrows(IllegalArgumentException.class, () -> target.load(truncated));
        assertUnchanged(before, target);

        // a wrong shape in the optimizer state: found only after the model part has been checked
        Map<String, NDArray> badOpt = new LinkedHashMap<>(content.tensors());
        String bufferKey = badOpt.keySet().stream().filter(k -> k.startsWith("opt.state.") && !k.endsWith(".step")).findFirst().orElseThrow();
        badOpt.put(bufferKey, NDArray.zeros(DType.FLOAT32, 7));
        Path wrongShape = dir.resolve("wrong-shape.safetensors");
        SafeTensors.write(wrongShape, badOpt, content.metadata());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.load(wrongShape));
        assertTrue(e.getMessage().contains(bufferKey.substring(4)), e.getMessage());
        assertUnchanged(before, target);

        // an invalid hyperparameter (negative learning rate)
        Map<String, NDArray> badLr = new LinkedHashMap<>(content.tensors());
        badLr.put("opt.param_groups.0.lr", NDArray.scalar(-1, DType.FLOAT64));
        Path negativeLr = dir.resolve("negative-lr.safetensors");
        SafeTensors.write(negativeLr, badLr, content.metadata());
        assertThrows(IllegalArgumentException.class, () -> target.load(negativeLr));
        assertUnchanged(before, target);

        // a missing model key
        Map<String, NDArray> missing = new LinkedHashMap<>(content.tensors());
        missing.remove(missing.keySet().stream().filter(k -> k.startsWith("model.")).findFirst().orElseThrow());
        Path missingKey = dir.resolve("missing.safetensors");
        SafeTensors.write(missingKey, missing, content.metadata());
        assertThrows(IllegalArgumentException.class, () -> target.load(missingKey));
        assertUnchanged(before, target);

        // a recorder history whose epoch rows do not fit its metric names
        Map<String, NDArray> badHistory = new LinkedHashMap<>(content.tensors());
        badHistory.put("recorder.epochs", NDArray.zeros(DType.FLOAT64, 2, 9));
        Path wrongHistory = dir.resolve("wrong-history.safetensors");
        SafeTensors.write(wrongHistory, badHistory, content.metadata());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> target.load(wrongHistory));
        assertTrue(h.getMessage().contains("recorder: epochs of shape (2, 9)"), h.getMessage());
        assertUnchanged(before, target);

        // a model file, not a learner checkpoint
        Path modelOnly = dir.resolve("model.safetensors");
        source.model().save(modelOnly);
        assertThrows(IllegalArgumentException.class, () -> target.load(modelOnly));
        assertUnchanged(before, target);

        // bad metadata
        Map<String, String> meta = new LinkedHashMap<>(content.metadata());
        meta.put("frozen_layer_groups", "5");
        Path badMeta = dir.resolve("bad-meta.safetensors");
        SafeTensors.write(badMeta, content.tensors(), meta);
        assertThrows(IllegalArgumentException.class, () -> target.load(badMeta));
        assertUnchanged(before, target);
        Map<String, String> badPrecision = new LinkedHashMap<>(content.metadata());
        badPrecision.put("precision", "float8");
        Path unknownPrecision = dir.resolve("bad-precision.safetensors");
        SafeTensors.write(unknownPrecision, content.tensors(), badPrecision);
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> target.load(unknownPrecision));
        assertTrue(p.getMessage().contains("precision = float8 (float32, float16 or bfloat16)"), p.getMessage());
        assertUnchanged(before, target);

        // and the good file still loads, frozen state included
        target.load(good);
        assertEquals(1, target.optimizer().frozenLayerGroups());
        Fixtures.assertSameArrays(Fixtures.snapshot(source.model()), Fixtures.snapshot(target.model()));
        Fixtures.assertSameArrays(source.optimizer().stateDict(), target.optimizer().stateDict());
    }

    @Test
    void fineTuneRunsBothPhasesWithFastaiLearningRatesPerGroup() {
        Learner learn = Fixtures.learner(0, new CrossEntropyLoss()::forward, List.of(new Accuracy()), m -> LayerGroups.split(m, 2));
        assertEquals(2, learn.optimizer().layerGroupCount());
        Fixtures.LrLog log = new Fixtures.LrLog();
        Module body = learn.model().namedChildren().get("0"), head = learn.model().namedChildren().get("2");
        Map<String, NDArray> body0 = Fixtures.snapshot(body), head0 = Fixtures.snapshot(head);
        Map<String, NDArray>[] afterFrozen = new Map[2];
        int[] fits = {0};
        learn.addCallbacks(log, new Callback() {
            @Override
            public void beforeFit(Learner l) {
                assertEquals(fits[0] == 0 ? 1 : 0, l.optimizer().frozenLayerGroups(), "frozen groups in phase " + fits[0]);
            }

            @Override
            public void afterFit(Learner l) {
                if (fits[0]++ == 0) {
                    afterFrozen[0] = Fixtures.snapshot(body);
                    afterFrozen[1] = Fixtures.snapshot(head);
                }
            }
        });
        double baseLr = 1e-2;
        learn.fineTune(2, baseLr);
        assertEquals(2, fits[0]);
        assertEquals(15, log.lrs.size());   // 1 frozen epoch + 2 epochs, 5 batches each

        OneCycle frozen = OneCycle.of(25, 0.99), unfrozen = OneCycle.of(5, 0.3);
        for (int i = 0; i < 5; i++) {
            double pos = i / 5.0;
            assertEquals(frozen.lr(baseLr / 10).at(pos), log.lrs.get(i)[0], 1e-15, "body, frozen batch " + i);
            assertEquals(frozen.lr(baseLr).at(pos), log.lrs.get(i)[1], 1e-15, "head, frozen batch " + i);
        }
        double hi = baseLr / 2, lo = hi / 100;
        for (int i = 0; i < 10; i++) {
            double pos = i / 10.0;
            assertEquals(unfrozen.lr(lo).at(pos), log.lrs.get(5 + i)[0], 1e-15, "body, unfrozen batch " + i);
            assertEquals(unfrozen.lr(hi).at(pos), log.lrs.get(5 + i)[1], 1e-15, "head, unfrozen batch " + i);
        }
        // the body did not move while frozen, the head did; then both moved
        Fixtures.assertSameArrays(body0, afterFrozen[0]);
        assertTrue(!Arrays.equals(head0.get("weight").toDoubleArray(), afterFrozen[1].get("weight").toDoubleArray()));
        assertTrue(!Arrays.equals(body0.get("weight").toDoubleArray(), Fixtures.snapshot(body).get("weight").toDoubleArray()));
        var epochs = learn.recorder().epochs();   // a few small steps: the loss only has to fall
        assertTrue(epochs.get(2).validLoss() < epochs.get(0).validLoss(), epochs.toString());
    }
}
