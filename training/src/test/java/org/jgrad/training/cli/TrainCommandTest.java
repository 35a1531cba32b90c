package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jgrad.nn.io.SafeTensors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgrad train} end to end on real data: MNIST (fetched into the cache if missing), 5,000
 * training images, two epochs, evaluated on the full 10,000-image test set; in float32, and in
 * mixed precision with float16 and with bfloat16.
 */
class TrainCommandTest {
    /** What {@code jgrad train --subset 5000 --epochs 2 --seed 0 --out out} with {@code options} printed, after checking it succeeded and its accuracy. */
    private static String trainOnFiveThousand(Path out, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--subset", "5000", "--epochs", "2", "--seed", "0", "--out", out.toString()));
        args.addAll(List.of(options));
        ByteArrayOutputStream text = new ByteArrayOutputStream(), errors = new ByteArrayOutputStream();
        int code = Jgrad.run(args.toArray(String[]::new), new PrintStream(text, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed + errors.toString(StandardCharsets.UTF_8));
        String metrics = Files.readString(out.resolve("metrics.json"));
        Matcher m = Pattern.compile("\"final_accuracy\": ([0-9.]+)").matcher(metrics);
        assertTrue(m.find(), metrics);
        double accuracy = Double.parseDouble(m.group(1));
        assertTrue(accuracy >= 0.95, "test accuracy after 2 epochs on 5,000 images with " + List.of(options) + ": " + accuracy);
        return printed;
    }

    @Test
    void trainsOnFiveThousandRealMnistImages(@TempDir Path out) throws Exception {
        String printed = trainOnFiveThousand(out);
        assertTrue(printed.contains("epoch  train_loss  valid_loss  accuracy"), printed);
        assertTrue(Files.size(out.resolve("model.safetensors")) > 4 * 20_000);
    }

    /** The same run with --fp16 (float16 compute, float32 master weights, loss scaling) reaches the same bar. */
    @Test
    void trainsInMixedPrecisionOnFiveThousandRealMnistImages(@TempDir Path out) throws Exception {
        String printed = trainOnFiveThousand(out, "--fp16");
        assertTrue(printed.contains("mixed precision (float16 compute"), printed);
        assertTrue(SafeTensors.read(out.resolve("checkpoint.safetensors")).tensors().containsKey("scaler.scale"), "the scaler is checkpointed");
    }

    /** And with --bf16 (bfloat16 compute, float32 master weights, no loss scaling): the same bar, no scaler in the checkpoint. */
    @Test
    void trainsInBfloat16OnFiveThousandRealMnistImages(@TempDir Path out) throws Exception {
        String printed = trainOnFiveThousand(out, "--bf16");
        assertTrue(printed.contains("mixed precision (bfloat16 compute, float32 master weights, no loss scaling)"), printed);
        var checkpoint = SafeTensors.read(out.resolve("checkpoint.safetensors"));
        assertTrue(checkpoint.tensors().keySet().stream().noneMatch(k -> k.startsWith("scaler.")), "no loss scaler to checkpoint");
        assertEquals("bfloat16", checkpoint.metadata().get("precision"));
    }

    @Test
    void badOptionsAreReported() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8), out = new PrintStream(new ByteArrayOutputStream());
        assertEquals(1, Jgrad.run(new String[] {"train", "--epochs", "0"}, out, err));
        assertEquals(1, Jgrad.run(new String[] {"train", "--device", "tpu"}, out, err));
        assertEquals(1, Jgrad.run(new String[] {"train", "--data", "cifar"}, out, err));
        assertEquals(1, Jgrad.run(new String[] {"train", "--bf16", "--subset", "64", "--fp16"}, out, err));
        String messages = errors.toString(StandardCharsets.UTF_8);
        assertTrue(messages.contains("--epochs must be >= 1") && messages.contains("--device tpu: tpu is unavailable: no backend for 'tpu' on the class path") && messages.contains("--data must be"), messages);
        assertTrue(messages.contains("--fp16 and --bf16 exclude each other: give one half type to compute in"), messages);
    }

    @Test
    void deviceCudaFailsWithTheReasonWhereCudaIsUnavailable() {
        String reason = DataModelOptions.unavailableReason("cuda");
        Assumptions.assumeTrue(reason != null, "CUDA is available here");
        ByteArrayOutputStream errors = new ByteArrayOutputStream(), text = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8), out = new PrintStream(text, true, StandardCharsets.UTF_8);
        assertEquals(1, Jgrad.run(new String[] {"train", "--device", "cuda"}, out, err));
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains("--device cuda: CUDA is unavailable: " + reason), errors.toString(StandardCharsets.UTF_8));
        DataModelOptions auto = DataModelOptions.parse(new String[0], (a, v) -> {});
        assertEquals(org.jgrad.tensor.Device.CPU, auto.chooseDevice(out));
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("device auto: cpu (CUDA is unavailable: " + reason + ")"), text.toString(StandardCharsets.UTF_8));
    }
}
