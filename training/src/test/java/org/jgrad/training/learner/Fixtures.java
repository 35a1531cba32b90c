package org.jgrad.training.learner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.LayerGroups;

/** Tiny synthetic problems and helpers shared by the learner tests. */
final class Fixtures {
    private Fixtures() {}

    /** Three Gaussian blobs in 2-D, one per class. */
    static TensorDataset blobs(int n, long seed) {
        Generator g = new Generator(seed);
        NDArray labels = NDArray.randint(0, 3, g, n);
        NDArray centres = NDArray.fromArray(new float[][] {{2, 0}, {-1, 1.7f}, {-1, -1.7f}});
        NDArray x = centres.indexSelect(0, labels).add(NDArray.randn(g, DType.FLOAT32, n, 2).mul(0.6));
        return new TensorDataset(x, labels);
    }

    /** A 2-16-3 MLP on 160 training items (5 batches of 32), initialised from {@code seed}. */
    static Learner learner(long seed, LossFunction loss, List<Metric> metrics, Function<Module, LayerGroups> splitter) {
        Generator g = new Generator(seed);
        Module model = new Sequential(new Linear(2, 16, true, g), new Activations.ReLU(), new Linear(16, 3, true, g));
        DataLoaders dls = DataLoaders.of(blobs(160, 1), blobs(64, 2), 32, 7);
        return new Learner(dls, model, loss, groups -> Adam.fastai(groups, 1e-3), metrics, splitter);
    }

    static Learner learner(long seed) {
        return learner(seed, new CrossEntropyLoss()::forward, List.of(new Accuracy()), LayerGroups::single);
    }

    /** Deep copies of every parameter and buffer. */
    static Map<String, NDArray> snapshot(Module m) {
        Map<String, NDArray> out = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    /** Every array of {@code a} equal element by element to {@code b}'s, same keys. */
    static void assertSameArrays(Map<String, NDArray> a, Map<String, NDArray> b) {
        org.junit.jupiter.api.Assertions.assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet())
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(k).toDoubleArray(), b.get(k).toDoubleArray(), k);
    }

    /** A metric that reports the next value of a script at every validation pass. */
    static final class Scripted implements Metric {
        private final String name;
        private final double[] values;
        private int pass = -1;

        Scripted(String name, double... values) {
            this.name = name;
            this.values = values;
        }

        @Override public String name() { return name; }
        @Override public void reset() { pass++; }
        @Override public void accumulate(NDArray output, NDArray target) {}
        @Override public double value() { return values[Math.min(pass, values.length - 1)]; }
    }

    /** Records each layer group's learning rate at every training batch. */
    static final class LrLog implements Callback {
        final List<double[]> lrs = new ArrayList<>();

        @Override
        public void afterBatch(Learner learner) {
            if (!learner.isTraining()) return;
            double[] row = new double[learner.optimizer().layerGroupCount()];
            learner.optimizer().paramGroups().forEach(g -> row[g.layerGroup()] = g.lr());
            lrs.add(row);
        }
    }
}
