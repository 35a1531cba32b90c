package org.jgrad.training.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.nn.Module;
import org.jgrad.nn.io.ModelFiles;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;

/**
 * Fuzzes {@link ModelFiles#load} into an existing model (a {@code Linear(3, 2)}, strict): a file
 * is loaded whole or refused, and a refused file leaves every weight as it was.
 */
class ModelFileFuzzTest {
    private static final Path DIR = ReaderContract.scratch("model");
    private static Module model = new Linear(3, 2, true, new Generator(0));

    @FuzzTest(maxDuration = "10m")
    void load(byte[] input) throws IOException {
        Path path = ReaderContract.write(DIR, "model.safetensors", input);
        Map<String, float[]> before = values(model);
        Map<String, String> meta = ReaderContract.readOrRefuse("model.safetensors", input.length, 64, () -> ModelFiles.load(model, path, true));
        if (meta != null) {
            model = new Linear(3, 2, true, new Generator(0));   // loaded: start the next input from the same weights
            return;
        }
        Map<String, float[]> after = values(model);
        for (String k : before.keySet())
            if (!Arrays.equals(before.get(k), after.get(k))) throw new AssertionError("a refused model file changed " + k);
    }

    static Map<String, float[]> values(Module m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : m.stateDict().entrySet()) out.put(e.getKey(), e.getValue().toFloatArray());
        return out;
    }
}
