package org.jgrad.training.reliability;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.optim.Adam;
import org.junit.jupiter.api.Test;

/**
 * Training does not leak CPU heap, and dropped models are collected.
 *
 * <p>The numbers: a leak of one graph per step keeps at least the step's saved activations — for
 * the 16-32-4 MLP on batches of 16, the input (1 KiB), the hidden layer before and after ReLU
 * (2 KiB each), the logits and softmax — plus the nodes and tensors: measured by
 * {@link #theDetectorSeesALeakOfOneGraphPerStep}, about 13 KiB a step (20 MiB over the ~1,550
 * steps between its windows, 2026-11-27). Over the 10,000 steps, between the first window
 * (steps 1,000–2,500, after warm-up) and the last (8,500–10,000), such a leak adds 6,000 × 13 KiB
 * ≈ 76 MiB; even a leak of only the 5.5 KiB of activations would add 32 MiB. Legitimate growth is
 * the recorder's per-batch history (losses, learning rates, momenta: a few boxed numbers a batch;
 * measured 0.4 MiB in all). The tolerance of 4 MiB sits between the two: 8× below the smallest
 * leak it must catch and 9× above the growth that is allowed.
 */
class NoLeakTest {
    private static final long TOLERANCE = 4L << 20;
    private static final int STEPS = 10_000, SAMPLE_EVERY = 250, WARM_UP = 1_000;

    /** 20 epochs of 500 batches: 10,000 steps of the learner's loop, with validation and the recorder. */
    @Test
    void heapStaysFlatOverTenThousandTrainingSteps() {
        Generator g = new Generator(1);
        TensorDataset train = new TensorDataset(NDArray.randn(g, DType.FLOAT32, 500 * 16, 16), NDArray.randint(0, 4, g, 500 * 16));
        TensorDataset valid = new TensorDataset(NDArray.randn(g, DType.FLOAT32, 32, 16), NDArray.randint(0, 4, g, 32));
        Learner learn = new Learner(DataLoaders.of(train, valid, 16, 0), TinyTraining.mlp(2).model, new CrossEntropyLoss()::forward,
                groups -> Adam.fastai(groups, 1e-3), List.of());
        HeapAfterGc heap = new HeapAfterGc();
        learn.addCallbacks(new Callback() {
            long steps;

            @Override
            public void afterBatch(Learner l) {
                if (l.isTraining() && ++steps % SAMPLE_EVERY == 0) heap.sample(steps);
            }
        });
        learn.fitOneCycle(STEPS / 500, 1e-2);
        long growth = heap.growth(STEPS, WARM_UP, 0.15);
        System.out.println("NoLeakTest: heap growth over 10,000 learner steps " + growth / 1024 + " KiB");
        assertTrue(growth < TOLERANCE, "the heap grew by " + growth / 1024 + " KiB:\n" + heap);
    }

    @Test
    void theDetectorSeesALeakOfOneGraphPerStep() {
        TinyTraining t = TinyTraining.mlp(3);
        List<Tensor> kept = new ArrayList<>();
        HeapAfterGc heap = new HeapAfterGc();
        Generator g = new Generator(4);
        NDArray x = NDArray.randn(g, DType.FLOAT32, 16, 16), y = NDArray.randint(0, 4, g, 16);
        int steps = 2_500;
        for (int step = 1; step <= steps; step++) {
            Tensor loss = new CrossEntropyLoss().forward(t.model.forward(Tensor.of(x)), y);
            loss.backward(NDArray.ones(loss.dtype()), true);   // retainGraph: the graph stays alive with the loss
            kept.add(loss);
            t.optimizer.step();
            t.optimizer.zeroGrad();
            if (step % SAMPLE_EVERY == 0) heap.sample(step);
        }
        long growth = heap.growth(steps, WARM_UP / 4, 0.15);
        System.out.println("NoLeakTest: heap growth with a leaked graph per step " + growth / 1024 + " KiB over " + steps + " steps");
        assertTrue(growth > TOLERANCE, "a leaked graph per step grew the heap by only " + growth / 1024 + " KiB:\n" + heap);
        assertTrue(kept.size() == steps);
    }

    /** Builds, trains for one epoch and drops models with their optimizers and learners; all become unreachable. */
    @Test
    void droppedModelsBecomeUnreachable() throws InterruptedException {
        List<WeakReference<Object>> dropped = new ArrayList<>();
        long before = 0;
        for (int round = 0; round < 12; round++) {
            if (round == 3) before = HeapAfterGc.usedAfterGc();
            TinyTraining t = TinyTraining.cnn(round);
            for (int step = 0; step < 3; step++) t.step();
            Generator g = new Generator(round);
            TensorDataset data = new TensorDataset(NDArray.randn(g, DType.FLOAT32, 32, 1, 16, 16), NDArray.randint(0, 4, g, 32));
            Learner learn = new Learner(DataLoaders.of(data, data, 16, round), t.model, new CrossEntropyLoss()::forward,
                    groups -> Adam.fastai(groups, 1e-3), List.of());
            learn.fit(1, 1e-3);
            for (Object o : new Object[] {t, t.model, t.optimizer, learn, learn.optimizer(), t.model.parameters().get(0)})
                dropped.add(new WeakReference<>(o));
        }
        long after = HeapAfterGc.usedAfterGc();
        for (int tries = 0; tries < 10 && dropped.stream().anyMatch(r -> r.get() != null); tries++) {
            HeapAfterGc.usedAfterGc();
            Thread.sleep(50);   // e.g. a loader's producer thread finishing
        }
        for (int i = 0; i < dropped.size(); i++) assertNull(dropped.get(i).get(), "object " + i % 6 + " of round " + i / 6 + " is still reachable");
        assertTrue(after - before < TOLERANCE, "the heap grew by " + (after - before) / 1024 + " KiB over 9 dropped models");
    }

}
