package org.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.BatchNorm2d;
import org.jgrad.nn.layers.Conv2d;
import org.jgrad.nn.layers.Flatten;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's nn example, compiled and run. */
class ReadmeNnTest {
    @Test
    void theReadmeExampleRuns(@TempDir Path dir) throws Exception {
        Generator g = new Generator(0);
        NDArray images = NDArray.rand(g, DType.FLOAT32, 16, 1, 28, 28), labels = NDArray.randint(0, 10, g, 16);
        Path file = dir.resolve("model.safetensors");

        Module model = new Sequential(
                new Conv2d(1, 8, 3, 2, 1), new BatchNorm2d(8), new Activations.ReLU(),   // (N, 8, 14, 14)
                new Flatten(), new Linear(8 * 14 * 14, 10));
        Tensor loss = new CrossEntropyLoss().forward(model.forward(Tensor.of(images)), labels);
        loss.backward();
        model.save(file);
        System.out.println(model);

        assertTrue(Files.size(file) > 4 * model.parameterCount());
        for (Tensor p : model.parameters()) assertNotNull(p.grad());
        Module copy = new Sequential(new Conv2d(1, 8, 3, 2, 1), new BatchNorm2d(8), new Activations.ReLU(), new Flatten(), new Linear(8 * 14 * 14, 10));
        copy.load(file, true);
        assertArrayEquals(model.stateDict().get("4.weight").toFloatArray(), copy.stateDict().get("4.weight").toFloatArray());
        assertTrue(model.toString().contains("(0): Conv2d("), model.toString());
    }
}
