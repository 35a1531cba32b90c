package org.jgrad.training.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.BatchNorm1d;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.optim.Adam;

/**
 * Fuzzes {@link Learner#load} (a checkpoint: model, optimizer state, recorder history, metadata)
 * into a learner that has trained one epoch: a checkpoint is loaded whole or refused, and a
 * refused one leaves the model, the optimizer, the recorder and the training position as they
 * were.
 */
class CheckpointFuzzTest {
    private static final Path DIR = ReaderContract.scratch("checkpoint");
    private static Learner learner = trained();

    /** A 4-8-3 MLP with batch norm (buffers too) and Adam, after one epoch on 32 random items. */
    static Learner trained() {
        Generator g = new Generator(7);
        Module model = new Sequential(new Linear(4, 8, true, g), new BatchNorm1d(8), new Activations.ReLU(), new Linear(8, 3, true, g));
        TensorDataset data = new TensorDataset(NDArray.randn(g, DType.FLOAT32, 32, 4), NDArray.randint(0, 3, g, 32));
        Learner l = new Learner(DataLoaders.of(data, data, 8, 7), model, new CrossEntropyLoss()::forward,
                groups -> Adam.fastai(groups, 1e-2), List.of());
        l.fit(1, 1e-2);
        return l;
    }

    /** Everything a load may change, as values. */
    record State(Map<String, float[]> model, Map<String, float[]> optimizer, int epochs, int loaderEpoch, int frozen,
            List<Double> losses, int epochRows) {
        static State of(Learner l) {
            return new State(ModelFileFuzzTest.values(l.model()), values(l.optimizer().stateDict()), l.epochsDone(),
                    l.dls().train().epoch(), l.optimizer().frozenLayerGroups(), List.copyOf(l.recorder().batchLosses()),
                    l.recorder().epochs().size());
        }

        /** What differs from {@code o}, or null when nothing does. */
        String difference(State o) {
            if (!same(model, o.model)) return "the model";
            if (!same(optimizer, o.optimizer)) return "the optimizer state";
            if (epochs != o.epochs) return "epochs done " + epochs + " -> " + o.epochs;
            if (loaderEpoch != o.loaderEpoch) return "the loader's epoch " + loaderEpoch + " -> " + o.loaderEpoch;
            if (frozen != o.frozen) return "frozen layer groups " + frozen + " -> " + o.frozen;
            if (!losses.equals(o.losses) || epochRows != o.epochRows) return "the recorder's history";
            return null;
        }

        private static boolean same(Map<String, float[]> a, Map<String, float[]> b) {
            if (!a.keySet().equals(b.keySet())) return false;
            for (String k : a.keySet()) if (!java.util.Arrays.equals(a.get(k), b.get(k))) return false;
            return true;
        }

        private static Map<String, float[]> values(Map<String, NDArray> state) {
            Map<String, float[]> out = new java.util.LinkedHashMap<>();
            state.forEach((k, v) -> out.put(k, Objects.requireNonNull(v, k).toFloatArray()));
            return out;
        }
    }

    @FuzzTest(maxDuration = "10m")
    void load(byte[] input) throws IOException {
        Path path = ReaderContract.write(DIR, "checkpoint.safetensors", input);
        State before = State.of(learner);
        IllegalArgumentException[] refusal = new IllegalArgumentException[1];
        Learner.Checkpoint loaded = ReaderContract.readOrRefuse("checkpoint.safetensors", input.length, 64, () -> {
            try {
                return learner.load(path);
            } catch (IllegalArgumentException e) {
                refusal[0] = e;
                throw e;
            }
        });
        if (loaded != null) {
            learner = trained();   // loaded: start the next input from the same learner
            return;
        }
        String changed = before.difference(State.of(learner));
        if (changed != null) {
            learner = trained();
            throw new AssertionError("a refused checkpoint changed " + changed, refusal[0]);
        }
    }
}
