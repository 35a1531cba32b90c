package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgrad train --device D} moves the model and every batch to D: on {@link TwinDevice} (the
 * CPU's arithmetic on storages that are not the CPU's) a run must not mix devices and must give
 * the CPU run's numbers exactly: the same losses, accuracy and model file.
 */
class TrainOnAnotherDeviceTest {
    @Test
    void trainingOnASecondDeviceGivesTheCpuRunExactly(@TempDir Path dir) throws Exception {
        String onTwin = train(dir.resolve("twin"), "twin"), onCpu = train(dir.resolve("cpu"), "cpu");
        assertTrue(onTwin.contains("device twin:0"), onTwin);
        assertEquals(withoutTimes(Files.readString(dir.resolve("cpu/metrics.json"))).replace("\"device\": \"cpu\"", "\"device\": \"twin:0\""),
                withoutTimes(Files.readString(dir.resolve("twin/metrics.json"))), onCpu + onTwin);
        assertArrayEquals(Files.readAllBytes(dir.resolve("cpu/model.safetensors")), Files.readAllBytes(dir.resolve("twin/model.safetensors")));
    }

    private static String train(Path out, String device) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(), errors = new ByteArrayOutputStream();
        int code = Jgrad.run(new String[] {"train", "--subset", "512", "--bs", "64", "--seed", "3", "--device", device, "--out", out.toString()},
                new PrintStream(text, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8) + errors.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        return printed;
    }

    private static String withoutTimes(String metricsJson) {
        return metricsJson.replaceAll("\"seconds\": [0-9.]+", "\"seconds\": _");
    }
}
