package org.jgrad.training.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import org.jgrad.autograd.AnomalyMode;
import org.jgrad.autograd.GradMode;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/**
 * Several models training at once in separate threads on the CPU backend do not interfere: each
 * thread's losses and final weights and optimizer state are bit-identical to those of the same
 * training run alone. The threads share the backend's one thread pool; grad mode and anomaly mode
 * are per thread, so a fourth thread switching them on and off meanwhile changes nothing either.
 */
class ConcurrentTrainingTest {
    private static final int STEPS = 25;

    /** The losses (as raw bits) and the final state of {@link #STEPS} steps. */
    record Run(long[] lossBits, Map<String, NDArray> state) {}

    static Run train(TinyTraining t) {
        long[] bits = new long[STEPS];
        for (int i = 0; i < STEPS; i++) bits[i] = Double.doubleToRawLongBits(t.step());
        return new Run(bits, t.state());
    }

    @Test
    void modelsTrainedInParallelThreadsMatchTheirRunsAlone() throws Exception {
        List<LongFunction<TinyTraining>> kinds = List.of(TinyTraining::cnn, TinyTraining::mlp, TinyTraining::cnn);
        List<Run> alone = new ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) alone.add(train(kinds.get(k).apply(k)));

        CyclicBarrier start = new CyclicBarrier(kinds.size() + 1);
        ExecutorService pool = Executors.newFixedThreadPool(kinds.size() + 1);
        try {
            List<Future<Run>> together = new ArrayList<>();
            for (int k = 0; k < kinds.size(); k++) {
                LongFunction<TinyTraining> kind = kinds.get(k);
                long seed = k;
                together.add(pool.submit(() -> {
                    TinyTraining t = kind.apply(seed);
                    start.await();
                    return train(t);
                }));
            }
            Future<?> meddler = pool.submit((Callable<Void>) () -> {
                start.await();
                TinyTraining t = TinyTraining.mlp(99);
                for (int i = 0; i < STEPS; i++) {
                    try (var noGrad = GradMode.noGrad(); var anomaly = AnomalyMode.detect()) {
                        t.model.forward(org.jgrad.autograd.Tensor.of(NDArray.randn(8, 16)));
                    }
                }
                return null;
            });
            meddler.get();
            for (int k = 0; k < kinds.size(); k++) {
                Run run = together.get(k).get(), single = alone.get(k);
                assertArrayEquals(single.lossBits(), run.lossBits(), "losses of model " + k);
                assertEquals(single.state().keySet(), run.state().keySet());
                for (String key : single.state().keySet())
                    assertArrayEquals(single.state().get(key).toDoubleArray(), run.state().get(key).toDoubleArray(), "model " + k + ": " + key);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
