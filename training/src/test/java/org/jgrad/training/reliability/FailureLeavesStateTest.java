package org.jgrad.training.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.io.ModelFiles;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.nn.io.SafeTensorsContent;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.BatchNorm1d;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataFile;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.DatasetCache;
import org.jgrad.training.data.Source;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.Optimizer;
import org.jgrad.training.optim.ParamGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure in a stateful operation leaves nothing half-changed: the model after a failed load,
 * parameters and optimizer state after a failed step, the previous checkpoint after a failed
 * write, the data cache after a failed fetch.
 */
class FailureLeavesStateTest {
    @TempDir Path dir;

    /** A 4-8-3 MLP with batch norm (so there are buffers too), initialised from {@code seed}. */
    static Module model(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(4, 8, true, g), new BatchNorm1d(8), new Activations.ReLU(), new Linear(8, 3, true, g));
    }

    static Learner learner(long seed) {
        Generator g = new Generator(seed + 100);
        TensorDataset data = new TensorDataset(NDArray.randn(g, DType.FLOAT32, 32, 4), NDArray.randint(0, 3, g, 32));
        return new Learner(DataLoaders.of(data, data, 8, seed), model(seed), new CrossEntropyLoss()::forward,
                groups -> Adam.fastai(groups, 1e-2), List.of());
    }

    /** Every array's values and dtype, copied. */
    static Map<String, NDArray> copies(Map<String, NDArray> state) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    static void assertSameValues(Map<String, NDArray> expected, Map<String, NDArray> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> {
            assertEquals(v.dtype(), actual.get(k).dtype(), k);
            assertArrayEquals(v.toDoubleArray(), actual.get(k).toDoubleArray(), k);
        });
    }

    @Test
    void aFailedLoadStateDictChangesNoParameterOrBuffer() {
        Module m = model(1), other = model(2);
        Map<String, NDArray> before = copies(m.stateDict());
        List<Tensor> params = m.parameters();
        Map<String, NDArray> state = new LinkedHashMap<>(other.stateDict());
        state.put("3.weight", NDArray.zeros(DType.FLOAT32, 3, 7));   // the last key of the file order: the others would load first
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, true));
        assertTrue(e.getMessage().contains("'3.weight'") && e.getMessage().contains("(3, 8)") && e.getMessage().contains("(3, 7)"), e.getMessage());
        assertSameValues(before, m.stateDict());
        for (int i = 0; i < params.size(); i++) assertSame(params.get(i), m.parameters().get(i));

        state.put("3.weight", other.stateDict().get("3.weight"));
        state.remove("1.running_var");
        assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, true));
        assertSameValues(before, m.stateDict());
    }

    @Test
    void aTruncatedModelFileChangesNothing() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(model(2), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
        Module m = model(1);
        Map<String, NDArray> before = copies(m.stateDict());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(m, file, true));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertSameValues(before, m.stateDict());
    }

    @Test
    void aCheckpointWithABadOptimizerPartChangesNeitherModelNorOptimizer() throws IOException {
        Learner saved = learner(1);
        saved.fit(1, 1e-2);
        Path file = dir.resolve("checkpoint.safetensors");
        saved.save(file);
        SafeTensorsContent content = SafeTensors.read(file);
        Map<String, NDArray> tensors = new LinkedHashMap<>(content.tensors());
        String buffer = tensors.keySet().stream().filter(k -> k.startsWith("opt.state.") && k.endsWith("exp_avg")).findFirst().orElseThrow();
        tensors.put(buffer, NDArray.zeros(DType.FLOAT32, 5));   // the model part is fine and would load first
        SafeTensors.write(file, tensors, content.metadata());

        Learner learn = learner(2);
        learn.fit(1, 1e-2);
        Map<String, NDArray> model = copies(learn.model().stateDict()), optimizer = copies(learn.optimizer().stateDict());
        int loaderEpoch = learn.dls().train().epoch(), epochs = learn.epochsDone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learn.load(file));
        assertTrue(e.getMessage().contains(buffer.substring(4)) && e.getMessage().contains("(5)"), e.getMessage());
        assertSameValues(model, learn.model().stateDict());
        assertSameValues(optimizer, learn.optimizer().stateDict());
        assertEquals(loaderEpoch, learn.dls().train().epoch());
        assertEquals(epochs, learn.epochsDone());
    }

    /** Two Adam steps on a 4-3 linear layer with gradients that vary by step. */
    static Optimizer steppedAdam(Module m) {
        Adam adam = Adam.of(m.parameters(), 1e-2);
        for (int step = 1; step <= 2; step++) {
            for (Tensor p : m.parameters()) p.setGrad(NDArray.full(0.1 * step, DType.FLOAT32, p.shape()));
            adam.step();
        }
        return adam;
    }

    @Test
    void aFailedOptimizerStepChangesNeitherParametersNorState() {
        Module m = new Linear(4, 3, true, new Generator(3));
        Optimizer adam = steppedAdam(m);
        Map<String, NDArray> params = copies(m.stateDict()), state = copies(adam.stateDict());

        adam.paramGroups().get(0).set(ParamGroup.BETA2, 1.5);   // an invalid value set between steps
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, adam::step);
        assertTrue(e.getMessage().contains("beta2") && e.getMessage().contains("1.5"), e.getMessage());
        assertSameValues(params, m.stateDict());
        adam.paramGroups().get(0).set(ParamGroup.BETA2, 0.999);
        assertSameValues(state, adam.stateDict());

        // a gradient of the wrong dtype on the second parameter: the first must not have moved either
        List<Tensor> ps = m.parameters();
        ps.get(0).setGrad(NDArray.ones(DType.FLOAT32, ps.get(0).shape()));
        ps.get(1).setGrad(NDArray.ones(DType.INT64, ps.get(1).shape()));
        e = assertThrows(IllegalArgumentException.class, adam::step);
        assertTrue(e.getMessage().contains("int64") && e.getMessage().contains("(3)"), e.getMessage());
        assertSameValues(params, m.stateDict());
        assertSameValues(state, adam.stateDict());
    }

    @Test
    void anInterruptedCheckpointWriteKeepsThePreviousCheckpoint() throws IOException {
        Learner learn = learner(4);
        learn.fit(1, 1e-2);
        Path file = dir.resolve("checkpoint.safetensors");
        learn.save(file);
        byte[] previous = Files.readAllBytes(file);
        learn.fit(1, 1e-2);
        Thread.currentThread().interrupt();   // the next write to a file channel fails (ClosedByInterruptException)
        try {
            assertThrows(IOException.class, () -> learn.save(file));
        } finally {
            Thread.interrupted();
        }
        assertArrayEquals(previous, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
        learn.save(file);   // and the next write succeeds
        assertFalse(Arrays.equals(previous, Files.readAllBytes(file)));
    }

    @Test
    void aFetchThatFailsLeavesTheCacheClean() throws Exception {
        byte[] bytes = "the data".getBytes(UTF_8);
        DataFile f = new DataFile("data.bin", HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
        DatasetCache cache = new DatasetCache(dir, line -> {});
        Source breaking = new Source() {
            @Override public String name() { return "breaking source"; }
            @Override public void fetch(List<DataFile> files, Path folder, java.util.function.Consumer<String> progress) throws IOException {
                Files.write(folder.resolve("data.bin"), Arrays.copyOf(bytes, 3));
                throw new AssertionError("a bug in the source");
            }
        };
        assertThrows(AssertionError.class, () -> cache.ensure("set", List.of(f), List.of(breaking)));
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(List.of(dir, dir.resolve("set")), all.toList(), "only the empty data set folder is left");
        }
        Source good = new Source() {
            @Override public String name() { return "good source"; }
            @Override public void fetch(List<DataFile> files, Path folder, java.util.function.Consumer<String> progress) throws IOException {
                Files.write(folder.resolve("data.bin"), bytes);
            }
        };
        assertArrayEquals(bytes, Files.readAllBytes(cache.ensure("set", List.of(f), List.of(good)).resolve("data.bin")));
    }
}
