package org.jgrad.training.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoader;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.models.Dcgan;
import org.jgrad.training.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GanLearner} on tiny networks and synthetic images: it trains what the switcher says, and a resumed fit is bit for bit the uninterrupted one. */
class GanLearnerTest {
    private static final int NZ = 8, WIDTH = 4;

    /** 48 images in [-1, 1]: bright squares at random places on black, so there is something to learn. */
    private static DataLoader squares(long seed) {
        Generator g = new Generator(seed);
        float[] px = new float[48 * 28 * 28];
        java.util.Arrays.fill(px, -1f);
        NDArray corners = NDArray.randint(0, 20, g, 48, 2);
        for (int k = 0; k < 48; k++) {
            int r0 = (int) corners.getDouble(k, 0), c0 = (int) corners.getDouble(k, 1);
            for (int r = r0; r < r0 + 8; r++) for (int c = c0; c < c0 + 8; c++) px[k * 784 + r * 28 + c] = 1f;
        }
        TensorDataset ds = new TensorDataset(NDArray.of(px).reshape(48, 1, 28, 28), NDArray.zeros(DType.INT64, 48));
        return new DataLoader(ds, 16, true, true, seed, null);
    }

    private static GanLearner learner(GanLoss loss, GanSwitcher switcher) {
        return learner(loss, switcher, WIDTH);
    }

    private static GanLearner learner(GanLoss loss, GanSwitcher switcher, int criticWidth) {
        Generator init = new Generator(3);
        return new GanLearner(squares(4), Dcgan.generator(NZ, WIDTH, init), Dcgan.critic(criticWidth, init), loss,
                groups -> new Adam(groups, 1e-3, 0.5, 0.999, 1e-8, 0), groups -> new Adam(groups, 1e-3, 0.5, 0.999, 1e-8, 0), switcher, NZ, 5);
    }

    @Test
    void eachBatchTrainsTheNetworkTheSwitcherNamesAndOnlyThatOne() {
        GanLearner learn = learner(new BceGanLoss(), new FixedGanSwitcher(2, 1));
        Map<String, NDArray> g0 = learn.generator().stateDict(), c0 = learn.critic().stateDict();
        NDArray gWeight0 = g0.get("0.weight").copy(), cWeight0 = c0.get("0.weight").copy();
        learn.addCallbacks(new GanCallback() {
            @Override public void afterBatch(GanLearner l) {
                if (l.recorder().losses().size() == 2) {   // two critic batches: the generator has not moved yet
                    assertArrayEquals(gWeight0.toFloatArray(), l.generator().stateDict().get("0.weight").toFloatArray());
                    assertTrue(!java.util.Arrays.equals(cWeight0.toFloatArray(), l.critic().stateDict().get("0.weight").toFloatArray()));
                }
            }
        });
        learn.fit(2);
        assertEquals(List.of(GanPhase.CRITIC, GanPhase.CRITIC, GanPhase.GENERATOR, GanPhase.CRITIC, GanPhase.CRITIC, GanPhase.GENERATOR),
                learn.recorder().phases());
        assertEquals(2, learn.recorder().rows().size());
        for (double l : learn.recorder().losses()) assertTrue(Double.isFinite(l) && l > 0, "BCE losses are positive: " + l);
        assertTrue(learn.critic().parameters().stream().allMatch(Tensor::requiresGrad), "the critic is trainable again after generator batches");
    }

    @Test
    void metricsAreReadFromTheSamplesOfTheFixedScoringNoiseEveryEpoch() {
        GanLearner learn = learner(new BceGanLoss(), new FixedGanSwitcher(1, 1));
        int[] calls = {0};
        learn.addMetrics(samples -> {
            calls[0]++;
            assertArrayEquals(new int[] {GanLearner.SCORE_SAMPLES, 1, 28, 28}, samples.shape());
            return Map.of("mean_pixel", samples.mean().item());
        });
        learn.fit(2);
        assertEquals(2, calls[0]);
        double m = learn.recorder().rows().get(1).metrics().get("mean_pixel");
        assertTrue(m > -1 && m < 1, "tanh outputs: " + m);
    }

    private static void resumesBitForBit(GanLoss loss, Path dir) throws Exception {
        GanLearner whole = learner(loss, new FixedGanSwitcher(2, 1));
        whole.fit(3);

        GanLearner first = learner(loss, new FixedGanSwitcher(2, 1));
        Path checkpoint = dir.resolve("checkpoint.safetensors");
        first.addCallbacks(new GanCallback() {
            @Override public void afterEpoch(GanLearner l) {
                try {
                    l.save(checkpoint);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (l.epochsDone() == 2) throw Callback.Cancel.FIT;
            }
        });
        first.fit(3);
        assertEquals(2, first.epochsDone());

        GanLearner resumed = learner(loss, new FixedGanSwitcher(2, 1));
        assertEquals(2, resumed.load(checkpoint));
        resumed.fit(3, 2);
        assertEquals(whole.recorder().losses(), resumed.recorder().losses(), "every batch loss, the restored ones and the new ones");
        assertEquals(whole.recorder().phases(), resumed.recorder().phases());
        for (Module[] pair : new Module[][] {{whole.generator(), resumed.generator()}, {whole.critic(), resumed.critic()}})
            pair[0].stateDict().forEach((k, v) -> assertArrayEquals(v.toFloatArray(), pair[1].stateDict().get(k).toFloatArray(), k));
        assertArrayEquals(whole.sample(whole.fixedNoise()).toFloatArray(), resumed.sample(resumed.fixedNoise()).toFloatArray());
    }

    @Test
    void aResumedPlainGanFitIsTheUninterruptedOneBitForBit(@TempDir Path dir) throws Exception {
        resumesBitForBit(new BceGanLoss(), dir);
    }

    @Test
    void aResumedWganGpFitIsTheUninterruptedOneBitForBit(@TempDir Path dir) throws Exception {
        resumesBitForBit(new WganGpLoss(), dir);   // also restores the generator that draws the interpolation weights
    }

    @Test
    void aCheckpointOfAnotherLossIsRefused(@TempDir Path dir) throws Exception {
        GanLearner gan = learner(new BceGanLoss(), new FixedGanSwitcher(1, 1));
        gan.fit(1);
        gan.save(dir.resolve("c.safetensors"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> learner(new WganGpLoss(), new FixedGanSwitcher(1, 1)).load(dir.resolve("c.safetensors")));
        assertTrue(e.getMessage().contains("trained with loss gan, this learner with wgan-gp"), e.getMessage());
    }

    /** Everything {@link GanLearner#load} may change, as copies. */
    private static Map<String, float[]> everything(GanLearner l) {
        Map<String, float[]> all = new java.util.TreeMap<>();
        l.generator().stateDict().forEach((k, v) -> all.put("generator." + k, v.toFloatArray()));
        l.critic().stateDict().forEach((k, v) -> all.put("critic." + k, v.toFloatArray()));
        l.generatorOptimizer().stateDict().forEach((k, v) -> all.put("generator_opt." + k, v.toFloatArray()));
        l.criticOptimizer().stateDict().forEach((k, v) -> all.put("critic_opt." + k, v.toFloatArray()));
        all.put("recorder.losses", toFloats(l.recorder().losses()));
        all.put("switcher " + l.switcher().state() + ", epochs done " + l.epochsDone(), new float[0]);
        return all;
    }

    private static float[] toFloats(List<Double> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) f[i] = values.get(i).floatValue();
        return f;
    }

    private static void assertSame(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
    }

    @Test
    void aCheckpointRefusedHalfwayOrCorruptLeavesTheLearnerAsItWas(@TempDir Path dir) throws Exception {
        GanLearner wider = learner(new BceGanLoss(), new FixedGanSwitcher(2, 1), 2 * WIDTH);   // the same generator, another critic
        wider.fit(2);
        Path mismatched = dir.resolve("wider.safetensors");
        wider.save(mismatched);

        GanLearner learn = learner(new BceGanLoss(), new FixedGanSwitcher(2, 1));
        learn.fit(1);
        Map<String, float[]> before = everything(learn);
        assertTrue(!java.util.Arrays.equals(before.get("generator.0.weight"), wider.generator().stateDict().get("0.weight").toFloatArray()),
                "the checkpoint's generator differs, so a partial load would show");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learn.load(mismatched));
        assertTrue(e.getMessage().contains("shape mismatch for '0.weight'"), e.getMessage());   // the critic's first layer, loaded after the generator
        assertSame(before, everything(learn));

        Path good = dir.resolve("good.safetensors"), corrupt = dir.resolve("corrupt.safetensors");
        learner(new BceGanLoss(), new FixedGanSwitcher(2, 1)).save(good);
        byte[] bytes = java.nio.file.Files.readAllBytes(good);
        java.nio.file.Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 2));   // a write cut off halfway
        assertThrows(Exception.class, () -> learn.load(corrupt));
        assertSame(before, everything(learn));
        learn.fit(2, 1);   // and it trains on from where it was
        assertEquals(2, learn.epochsDone());
    }

    @Test
    void badFitArgumentsAreRefused() {
        GanLearner learn = learner(new BceGanLoss(), new FixedGanSwitcher(1, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> learn.fit(0)).getMessage().contains("epochs must be >= 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> learn.fit(2, 2)).getMessage().contains("start epoch must be in [0, 2), got 2"));
    }
}
