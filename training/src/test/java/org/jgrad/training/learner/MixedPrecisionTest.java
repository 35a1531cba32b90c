package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.optim.GradScaler;
import org.jgrad.training.optim.LayerGroups;
import org.jgrad.training.optim.Lr;
import org.jgrad.training.schedule.OneCycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Learner#toFp16()} and {@link Learner#toBf16()}: the {@link MixedPrecision} callback with
 * one-cycle, layer groups, overflow and checkpoints; bfloat16 without loss scaling.
 */
class MixedPrecisionTest {
    private static Learner twoGroups(long seed) {
        return Fixtures.learner(seed, new CrossEntropyLoss()::forward, List.of(new Accuracy()), m -> LayerGroups.split(m, 2));
    }

    @Test
    void toFp16ComposesWithOneCycleAndDiscriminativeLearningRates() {
        Learner single = twoGroups(0), mixed = twoGroups(0).toFp16();
        Fixtures.LrLog singleLrs = new Fixtures.LrLog(), mixedLrs = new Fixtures.LrLog();
        Tensor[] dtypeSeen = new Tensor[1];
        single.addCallbacks(singleLrs);
        mixed.addCallbacks(mixedLrs, new Callback() {
            @Override public void afterLoss(Learner l) {
                if (l.isTraining()) dtypeSeen[0] = l.loss();
            }
        });
        Map<String, NDArray> initial = Fixtures.snapshot(mixed.model());
        single.fitOneCycle(3, Lr.slice(1e-3, 2e-2), new OneCycle());
        mixed.fitOneCycle(3, Lr.slice(1e-3, 2e-2), new OneCycle());

        assertEquals(15, mixedLrs.lrs.size());
        for (int i = 0; i < 15; i++) assertArrayEquals(singleLrs.lrs.get(i), mixedLrs.lrs.get(i), 0, "batch " + i + ": the same per-group schedule");
        assertTrue(mixedLrs.lrs.get(7)[0] < mixedLrs.lrs.get(7)[1], "discriminative: the body learns slower than the head");
        assertEquals(DType.FLOAT32, dtypeSeen[0].dtype(), "the loss is float32");
        assertFalse(Autocast.isEnabled(), "no autocast scope left open");
        mixed.model().namedParameters().forEach((k, p) -> {
            assertEquals(DType.FLOAT32, p.dtype(), k + ": master weights stay float32");
            assertTrue(!java.util.Arrays.equals(initial.get(k).toDoubleArray(), p.data().toDoubleArray()), k + " was trained");
        });
        GradScaler s = mixed.gradScaler();
        long skipped = mixed.mixedPrecision().skippedSteps();
        assertEquals(65536 * Math.pow(0.5, skipped), s.scale(), "scale halves once per skipped step (no growth before 2000)");
        double a32 = single.lastValidation().metrics().get("accuracy"), a16 = mixed.lastValidation().metrics().get("accuracy");
        assertTrue(a16 >= 0.9 && Math.abs(a16 - a32) <= 0.03, "accuracy float32 " + a32 + ", mixed " + a16);
    }

    @Test
    void anOverflowSkipsThatBatchsStepAndHalvesTheScale() {
        Learner learn = twoGroups(1);
        Map<String, NDArray>[] before = new Map[1];
        boolean[] unchanged = {false};
        learn.addCallbacks(new Callback() {   // added before toFp16, so it runs first after backward
            @Override public void afterBackward(Learner l) {
                if (l.recorder().batchLosses().size() != 2) return;
                before[0] = Fixtures.snapshot(l.model());
                Tensor p = l.model().parameters().get(0);
                NDArray g = p.grad().copy();
                g.reshape(-1).narrow(0, 0, 1).fill(Double.POSITIVE_INFINITY);
                p.setGrad(g);
            }
            @Override public void afterBatch(Learner l) {
                if (before[0] == null || unchanged[0]) return;
                Fixtures.assertSameArrays(before[0], Fixtures.snapshot(l.model()));
                unchanged[0] = true;
            }
        });
        learn.toFp16(new GradScaler(1024, 2, 0.5, 1000));
        learn.fitOneCycle(1, Lr.slice(1e-3, 1e-2), new OneCycle());
        assertTrue(unchanged[0], "the batch with the injected inf changed no parameter");
        assertEquals(1, learn.mixedPrecision().skippedSteps());
        assertEquals(512.0, learn.gradScaler().scale(), "halved once");
        assertEquals(2, learn.gradScaler().growthTracker(), "two good steps after the skipped one (5 batches)");
        assertEquals(4, learn.optimizer().state(0, 0).step(), "the optimizer stepped on 4 of 5 batches");
        assertEquals(5, learn.recorder().batchLosses().size(), "the skipped batch's loss is still recorded");
    }

    @Test
    void checkpointsCarryTheScalerState(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fp16.safetensors");
        Learner source = twoGroups(2).toFp16(new GradScaler(1024, 2, 0.5, 3));
        source.fit(1, 1e-3);
        GradScaler s = source.gradScaler();
        source.save(file);

        Learner target = twoGroups(3).toFp16(new GradScaler(1024, 2, 0.5, 3));
        target.load(file);
        assertEquals(s.scale(), target.gradScaler().scale());
        assertEquals(s.growthTracker(), target.gradScaler().growthTracker());
        assertTrue(s.scale() != 1024 || s.growthTracker() != 0, "the saved state is not the initial one: " + s);

        Learner fp32 = twoGroups(4);
        fp32.load(file);   // a float32 learner ignores the scaler
        assertNull(fp32.gradScaler());
        Fixtures.assertSameArrays(source.model().stateDict(), fp32.model().stateDict());

        Learner otherSchedule = twoGroups(5).toFp16(new GradScaler(1024, 2, 0.5, 7));
        Map<String, NDArray> weightsBefore = Fixtures.snapshot(otherSchedule.model());
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> otherSchedule.load(file));
        assertTrue(e.getMessage().contains("interval"), e.getMessage());
        Fixtures.assertSameArrays(weightsBefore, Fixtures.snapshot(otherSchedule.model()));
        assertEquals(1024.0, otherSchedule.gradScaler().scale(), "a rejected checkpoint changes nothing");
    }

    /** The loss each training batch backpropagates, as a callback added after the mixed-precision one sees it. */
    private static List<Double> backpropagatedLosses(Learner learn) {
        List<Double> losses = new ArrayList<>();
        learn.addCallbacks(new Callback() {
            @Override public void afterLoss(Learner l) {
                if (l.isTraining()) losses.add(l.loss().item());
            }
        });
        return losses;
    }

    @Test
    void toBf16ComputesInBfloat16WithoutLossScaling() {
        Set<String> predictionDTypes = new TreeSet<>();
        CrossEntropyLoss crossEntropy = new CrossEntropyLoss();
        Learner single = twoGroups(0), bf16 = Fixtures.learner(0, (pred, y) -> {
            predictionDTypes.add(pred.dtype().toString());
            return crossEntropy.forward(pred, y);
        }, List.of(new Accuracy()), m -> LayerGroups.split(m, 2)).toBf16();
        Learner fp16 = twoGroups(0).toFp16();
        List<Double> bf16Losses = backpropagatedLosses(bf16), fp16Losses = backpropagatedLosses(fp16);
        single.fitOneCycle(3, Lr.slice(1e-3, 2e-2), new OneCycle());
        bf16.fitOneCycle(3, Lr.slice(1e-3, 2e-2), new OneCycle());
        fp16.fitOneCycle(3, Lr.slice(1e-3, 2e-2), new OneCycle());

        assertEquals(Set.of("bfloat16"), predictionDTypes, "the model computes in bfloat16, training and validation");
        assertEquals(DType.BFLOAT16, bf16.precision());
        assertNull(bf16.gradScaler(), "no loss scaler");
        assertNull(bf16.mixedPrecision().scaler());
        assertEquals(bf16.recorder().batchLosses(), bf16Losses, "bfloat16 backpropagates the loss itself");
        for (int i = 0; i < fp16Losses.size(); i++)
            assertEquals(65536 * fp16.recorder().batchLosses().get(i), fp16Losses.get(i), "float16 backpropagates 2^16 times the loss (batch " + i + ")");
        assertEquals(0, bf16.mixedPrecision().skippedSteps());
        assertEquals(15, bf16.optimizer().state(0, 0).step(), "every one of the 15 steps was taken");
        assertFalse(Autocast.isEnabled(), "no autocast scope left open");
        bf16.model().namedParameters().forEach((k, p) -> assertEquals(DType.FLOAT32, p.dtype(), k + ": master weights stay float32"));
        double a32 = single.lastValidation().metrics().get("accuracy"), a16 = bf16.lastValidation().metrics().get("accuracy");
        assertTrue(a16 >= 0.9 && Math.abs(a16 - a32) <= 0.03, "accuracy float32 " + a32 + ", bfloat16 " + a16);
    }

    @Test
    void eachLowDTypeHasItsOwnLossScalingRule() {
        var noScaler = assertThrows(IllegalArgumentException.class, () -> new MixedPrecision(DType.FLOAT16, null));
        assertTrue(noScaler.getMessage().contains("float16 needs a GradScaler"), noScaler.getMessage());
        var scaled = assertThrows(IllegalArgumentException.class, () -> new MixedPrecision(DType.BFLOAT16, new GradScaler()));
        assertTrue(scaled.getMessage().contains("bfloat16 trains without a GradScaler"), scaled.getMessage());
        for (DType bad : new DType[] {DType.FLOAT32, DType.FLOAT64, null}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new MixedPrecision(bad, null));
            assertTrue(e.getMessage().contains("must be float16 or bfloat16, got " + bad), e.getMessage());
        }
    }

    @Test
    void bf16CheckpointsHoldNoScalerAndResumeInEitherPrecision(@TempDir Path dir) throws IOException {
        Path bf16File = dir.resolve("bf16.safetensors"), fp16File = dir.resolve("fp16.safetensors");
        Learner bf16Run = twoGroups(2).toBf16();
        bf16Run.fit(1, 1e-3);
        bf16Run.save(bf16File);
        var content = SafeTensors.read(bf16File);
        assertTrue(content.tensors().keySet().stream().noneMatch(k -> k.startsWith("scaler.")), content.tensors().keySet().toString());
        assertEquals("bfloat16", content.metadata().get("precision"));

        Learner sameAgain = twoGroups(3).toBf16();
        assertEquals(DType.BFLOAT16, sameAgain.load(bf16File).precision());
        Fixtures.assertSameArrays(bf16Run.model().stateDict(), sameAgain.model().stateDict());

        Learner asFp16 = twoGroups(4).toFp16(new GradScaler(1024, 2, 0.5, 3));
        assertEquals(DType.BFLOAT16, asFp16.load(bf16File).precision());
        assertEquals(1024.0, asFp16.gradScaler().scale(), "a float16 learner keeps its fresh scaler");
        Fixtures.assertSameArrays(bf16Run.model().stateDict(), asFp16.model().stateDict());
        long stepsBefore = asFp16.optimizer().state(0, 0).step();
        asFp16.fit(1, 1e-3);
        assertEquals(stepsBefore + 5 - asFp16.mixedPrecision().skippedSteps(), asFp16.optimizer().state(0, 0).step(), "it trains on in float16");

        Learner fp16Run = twoGroups(5).toFp16();
        fp16Run.fit(1, 1e-3);
        fp16Run.save(fp16File);
        Learner asBf16 = twoGroups(6).toBf16();
        assertEquals(DType.FLOAT16, asBf16.load(fp16File).precision());
        assertNull(asBf16.gradScaler(), "a bfloat16 learner ignores the saved scaler");
        Fixtures.assertSameArrays(fp16Run.model().stateDict(), asBf16.model().stateDict());
        stepsBefore = asBf16.optimizer().state(0, 0).step();
        asBf16.fit(1, 1e-3);
        assertEquals(stepsBefore + 5, asBf16.optimizer().state(0, 0).step(), "it trains on in bfloat16, every step taken");
    }

    @Test
    void toFp32TrainsExactlyAsBefore() {
        Learner plain = Fixtures.learner(6), back = Fixtures.learner(6).toFp16().toFp32();
        assertNull(back.gradScaler());
        plain.fit(1, 1e-2);
        back.fit(1, 1e-2);
        Fixtures.assertSameArrays(plain.model().stateDict(), back.model().stateDict());
    }
}
