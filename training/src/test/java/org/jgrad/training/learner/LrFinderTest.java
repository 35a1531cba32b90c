package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.BatchNorm1d;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.optim.Adam;
import org.junit.jupiter.api.Test;

class LrFinderTest {
    /** A small MLP with batch norm (so there are buffers to restore), 18 batches an epoch. */
    private static Learner learner(long seed) {
        Generator g = new Generator(seed);
        Module model = new Sequential(new Linear(2, 16, true, g), new BatchNorm1d(16), new Activations.ReLU(), new Linear(16, 3, true, g));
        DataLoaders dls = DataLoaders.of(Fixtures.blobs(600, 1), Fixtures.blobs(300, 2), 32, seed);
        return new Learner(dls, model, new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, 1e-3), List.of(new Accuracy()));
    }

    private static Map<String, double[]> snapshot(Map<String, NDArray> state) {
        Map<String, double[]> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.toDoubleArray()));   // float -> double is exact: equal doubles are equal bits
        return out;
    }

    private static void assertSameBits(Map<String, double[]> expected, Map<String, double[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + " keys");
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), what + " '" + k + "' changed"));
    }

    @Test
    void restoresModelAndOptimizerBitForBit() {
        Learner learn = learner(0), twin = learner(0);
        learn.fit(1, 1e-2);                                  // optimizer state and running statistics worth restoring
        twin.fit(1, 1e-2);
        learn.model().eval();
        Map<String, double[]> model = snapshot(learn.model().stateDict()), opt = snapshot(learn.optimizer().stateDict());
        int recorded = learn.recorder().batchLosses().size();

        LrFindResult r = learn.lrFind(1e-5, 10, 40);
        assertTrue(r.iterations() > 5, "iterations " + r.iterations());

        assertSameBits(model, snapshot(learn.model().stateDict()), "model");
        assertSameBits(opt, snapshot(learn.optimizer().stateDict()), "optimizer");
        assertFalse(learn.model().isTraining(), "eval mode restored");
        assertEquals(recorded, learn.recorder().batchLosses().size(), "the recorder is untouched");
        learn.model().parameters().forEach(p -> assertTrue(p.grad() == null || p.grad().toDoubleArray().length == 0
                || java.util.Arrays.stream(p.grad().toDoubleArray()).allMatch(v -> v == 0), "gradients cleared"));

        // and the next fit is exactly the fit it would have been without lrFind (same batches, same state)
        learn.fit(1, 1e-2);
        twin.fit(1, 1e-2);
        assertEquals(twin.recorder().batchLosses(), learn.recorder().batchLosses());
        assertSameBits(snapshot(twin.model().stateDict()), snapshot(learn.model().stateDict()), "model after the next fit");
    }

    @Test
    void lrsGrowExponentiallyOverSeveralEpochsAndLossesAreTheDebiasedAverage() {
        Learner learn = learner(1);
        int numIt = 40;                                      // more than the 18 batches of an epoch
        LrFindResult r = learn.lrFind(1e-6, 1e-2, numIt);
        assertEquals(numIt, r.iterations());
        assertFalse(r.diverged());
        assertEquals(1e-6, r.lrs()[0], 0);
        assertEquals(1e-2, r.lrs()[numIt - 1], 1e-2 * 1e-12);
        for (int i = 0; i < numIt; i++) {
            assertEquals(1e-6 * Math.pow(1e4, i / 39.0), r.lrs()[i], r.lrs()[i] * 1e-12, "lr " + i);
            if (i > 0) assertEquals(Math.pow(1e4, 1 / 39.0), r.lrs()[i] / r.lrs()[i - 1], 1e-12, "ratio at " + i);
        }
        double avg = 0;
        for (int i = 0; i < numIt; i++) {
            avg = 0.98 * avg + 0.02 * r.rawLosses()[i];
            assertEquals(avg / (1 - Math.pow(0.98, i + 1)), r.losses()[i], 1e-12, "smoothed loss " + i);
        }
        assertEquals(r.rawLosses()[0], r.losses()[0], 1e-12, "debiased: the first smoothed loss is the first loss");
        assertEquals(LrSuggestions.suggest(r.lrs(), r.losses(), numIt), r.suggestions());
    }

    @Test
    void stopsWhenTheSmoothedLossExceedsFourTimesItsBest() {
        Learner learn = learner(2);
        LrFindResult r = learn.lrFind(1e-3, 1e8, 100);
        assertTrue(r.diverged(), "a sweep to 1e8 must diverge");
        int n = r.iterations();
        assertTrue(n < 100, "stopped early at " + n);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n - 1; i++) {
            best = Math.min(best, r.losses()[i]);
            assertTrue(r.losses()[i] <= 4 * best, "it should have stopped at " + i);
        }
        double last = r.losses()[n - 1];
        assertTrue(Double.isNaN(last) || last > 4 * Math.min(best, last), "the last point is the divergent one: " + last);
    }

    @Test
    void badArgumentsAreReported() {
        Learner learn = learner(3);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> learn.lrFind(1, 0.1, 10));
        assertTrue(e.getMessage().contains("start=1.0 end=0.1"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> learn.lrFind(1e-7, 10, 0));
    }
}
