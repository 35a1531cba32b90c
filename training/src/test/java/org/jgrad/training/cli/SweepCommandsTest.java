package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.models.MnistCnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --progressive} on real MNIST images (it resumes bit for bit, and it does change
 * training), its mistakes, and the two sweeps on tiny subsets: {@code train --sweep progressive}
 * and {@code transfer --sweep lr-factor}.
 */
class SweepCommandsTest {
    private record Result(int code, String printed) {}

    private static Result jgrad(String... args) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(), errors = new ByteArrayOutputStream();
        int code = Jgrad.run(args, new PrintStream(text, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
        return new Result(code, text.toString(StandardCharsets.UTF_8) + errors.toString(StandardCharsets.UTF_8));
    }

    private static String ok(String... args) {
        Result r = jgrad(args);
        assertEquals(0, r.code(), r.printed());
        return r.printed();
    }

    private static void fails(String expected, String... args) {
        Result r = jgrad(args);
        assertNotEquals(0, r.code(), r.printed());
        assertTrue(r.printed().contains(expected), "expected '" + expected + "' in: " + r.printed());
    }

    private static Map<String, NDArray> weights(Path run) throws Exception {
        return SafeTensors.read(run.resolve("model.safetensors")).tensors();
    }

    @Test
    void progressiveRunsResumeBitForBitAndDifferFromFullSize(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), split = dir.resolve("split"), full = dir.resolve("full");
        String[] common = {"train", "--subset", "256", "--bs", "64", "--seed", "4", "--basic", "--lr", "3e-3"};
        String printed = ok(concat(common, "--progressive", "14:1,28:1", "--out", whole.toString()));
        assertTrue(printed.contains("2 epoch(s)") && printed.contains("progressive resizing 14:1,28:1"), printed);
        ok(concat(common, "--progressive", "14:1,28:1", "--stop-after", "1", "--out", split.toString()));
        String resumed = ok(concat(common, "--progressive", "14:1,28:1", "--resume", split.toString()));
        assertTrue(resumed.contains("at epoch 1 of 2"), resumed);
        Map<String, NDArray> a = weights(whole), b = weights(split);
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
        ok(concat(common, "--epochs", "2", "--out", full.toString()));
        Map<String, NDArray> f = weights(full);
        assertTrue(a.keySet().stream().anyMatch(k -> !Arrays.equals(a.get(k).toFloatArray(), f.get(k).toFloatArray())),
                "the 14x14 epoch changes training");
    }

    @Test
    void progressiveMistakesAreNamed(@TempDir Path dir) {
        String out = dir.toString();
        fails("--epochs 3 disagrees with --progressive 14:1,28:1, whose phases make 2 epochs",
                "train", "--progressive", "14:1,28:1", "--epochs", "3", "--out", out);
        fails("expected SIZE:EPOCHS", "train", "--progressive", "14", "--out", out);
        fails("the last phase must train at the images' size, 28x28", "train", "--subset", "64", "--progressive", "28:1,14:1", "--out", out);
        fails("--seeds belongs to --sweep progressive", "train", "--seeds", "2", "--out", out);
        fails("--sweep: the one sweep here is progressive, got 'lr'", "train", "--sweep", "lr", "--out", out);
        fails("--epochs does not apply to --sweep progressive", "train", "--sweep", "progressive", "--epochs", "2", "--out", out);
        fails("--schedules: a schedule is given twice", "train", "--sweep", "progressive", "--schedules", "28:1;28:1", "--out", out);
        fails("--factors belongs to --sweep lr-factor", "transfer", "--factors", "2", "--out", out);
        fails("--factors: each factor must be >= 1, got 0.5", "transfer", "--sweep", "lr-factor", "--factors", "1,0.5", "--out", out);
        fails("--factors: 'x' in '1,x' is not a number", "transfer", "--sweep", "lr-factor", "--factors", "1,x", "--out", out);
        fails("--seeds needs a value", "transfer", "--sweep", "lr-factor", "--seeds");
    }

    @Test
    void progressiveSweepWritesItsTableJsonAndChart(@TempDir Path out) throws Exception {
        String printed = ok("train", "--sweep", "progressive", "--subset", "256", "--bs", "64", "--basic", "--schedules", "28:1;14:1,28:1",
                "--seeds", "2", "--out", out.toString());
        assertTrue(printed.contains("run 4/4"), printed);
        String md = Files.readString(out.resolve("progressive.md"));
        assertTrue(md.contains("| 28:1 | 1 |") && md.contains("| 14:1,28:1 | 2 |") && md.contains("fashion-mnist"), md);
        String json = Files.readString(out.resolve("progressive.json"));
        assertEquals(4, Pattern.compile("\"schedule\"").matcher(json).results().count(), json);
        assertTrue(Files.size(out.resolve("progressive.png")) > 1000);
        assertTrue(Files.isRegularFile(out.resolve("14x1,28x1-seed1").resolve("model.safetensors")));
    }

    @Test
    void lrFactorSweepFineTunesEachFactorAndSeedFromOnePretrainedBody(@TempDir Path out) throws Exception {
        String printed = ok("transfer", "--sweep", "lr-factor", "--basic", "--pretrain-subset", "256", "--finetune-subset", "64",
                "--test-subset", "200", "--epochs", "1", "--factors", "1,2.6", "--seeds", "2", "--out", out.toString());
        assertTrue(printed.contains("5 layer groups") && printed.contains("run 4/4: factor 2.6, seed 1"), printed);
        String md = Files.readString(out.resolve("lr-factor.md"));
        assertTrue(md.contains("| 1 | 1.000 |") && md.contains("| 2.6 | 45.70 |") && md.contains("Highest mean: factor"), md);
        assertEquals(4, Pattern.compile("\"factor\"").matcher(Files.readString(out.resolve("lr-factor.json"))).results().count());
        assertTrue(Files.size(out.resolve("lr-factor.png")) > 1000);
    }

    @Test
    void oneLayerGroupPerBlockWithTheHeadLast() {
        assertEquals(5, LrFactorSweep.byBlock(MnistCnn.basic(new Generator(0))).size());
        assertEquals("2.6", LrFactorSweep.format(2.6));
        assertEquals("100", LrFactorSweep.format(100));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
