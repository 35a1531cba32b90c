package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.learner.TrainingPlots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgrad train} on 512 real MNIST images: the plots it writes, and {@code --resume}: two
 * epochs in one go and one epoch then a resume to two give the same weights bit for bit, with
 * and without {@code --augment}.
 */
class TrainResumeTest {
    private static String train(String... args) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(), errors = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Jgrad.run(all, new PrintStream(text, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8) + errors.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        return printed;
    }

    private static Map<String, NDArray> weights(Path run) throws Exception {
        return SafeTensors.read(run.resolve("model.safetensors")).tensors();
    }

    private static void assertSameWeights(Path a, Path b) throws Exception {
        Map<String, NDArray> wa = weights(a), wb = weights(b);
        assertEquals(wa.keySet(), wb.keySet());
        for (String k : wa.keySet()) assertArrayEquals(wa.get(k).toFloatArray(), wb.get(k).toFloatArray(), k);
    }

    @Test
    void writesPlotsAndResumesBitForBit(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), split = dir.resolve("split");
        String[] common = {"--subset", "512", "--bs", "64", "--seed", "3", "--basic", "--lr", "3e-3"};
        String wholeRun = train(concat(common, "--epochs", "2", "--out", whole.toString()));
        for (String[] png : new String[][] {{"losses.png", "" + TrainingPlots.LOSSES_WIDTH, "" + TrainingPlots.LOSSES_HEIGHT},
                {"schedule.png", "" + TrainingPlots.SCHEDULE_WIDTH, "" + TrainingPlots.SCHEDULE_HEIGHT}}) {
            byte[] bytes = Files.readAllBytes(whole.resolve(png[0]));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4), png[0]);
            BufferedImage image = ImageIO.read(whole.resolve(png[0]).toFile());
            assertEquals(Integer.parseInt(png[1]), image.getWidth(), png[0]);
            assertEquals(Integer.parseInt(png[2]), image.getHeight(), png[0]);
        }
        assertTrue(Files.isRegularFile(whole.resolve("checkpoint.safetensors")));

        train(concat(common, "--epochs", "2", "--stop-after", "1", "--out", split.toString()));
        String interrupted = Files.readString(split.resolve("metrics.json"));
        String resumed = train(concat(common, "--epochs", "2", "--resume", split.toString()));
        assertTrue(resumed.contains("at epoch 1 of 2"), resumed);
        assertSameWeights(whole, split);
        String metrics = Files.readString(split.resolve("metrics.json"));
        assertTrue(metrics.contains("{\"epoch\": 0,") && metrics.contains("{\"epoch\": 1,"), metrics);
        assertEquals(Files.readString(whole.resolve("metrics.json")).replaceAll("\"seconds\": [0-9.]+", ""),
                metrics.replaceAll("\"seconds\": [0-9.]+", ""));
        String firstEpoch = "\\{\"epoch\": 0,.*\\}";
        assertEquals(find(interrupted, firstEpoch), find(metrics, firstEpoch), "the interrupted epoch, its seconds too, comes back from the checkpoint");
        // the resumed run continues the interrupted one's history: the epoch table and the plots are those of the whole run
        assertEquals(tableRows(wholeRun), tableRows(resumed));
        assertEquals(List.of("0", "1"), tableRows(resumed).stream().map(row -> row.split(" ")[0]).toList());
        for (String png : new String[] {"losses.png", "schedule.png"})
            assertArrayEquals(Files.readAllBytes(whole.resolve(png)), Files.readAllBytes(split.resolve(png)), png);
    }

    private static String find(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return m.group();
    }

    /** The rows of the printed epoch table, without their times. */
    private static List<String> tableRows(String printed) {
        return printed.lines().filter(l -> l.matches("\\d+ +[-0-9.]+ +[-0-9.]+ +[-0-9.]+ +\\d\\d:\\d\\d"))
                .map(l -> l.substring(0, l.lastIndexOf(' ')).strip()).toList();
    }

    @Test
    void augmentedRunsResumeBitForBit(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), split = dir.resolve("split"), plain = dir.resolve("plain");
        String[] common = {"--subset", "256", "--bs", "64", "--seed", "5", "--basic", "--lr", "3e-3", "--augment"};
        train(concat(common, "--epochs", "2", "--out", whole.toString()));
        train(concat(common, "--epochs", "2", "--stop-after", "1", "--out", split.toString()));
        train(concat(common, "--epochs", "2", "--resume", split.toString()));
        assertSameWeights(whole, split);
        // and the augmentation does change training
        train("--subset", "256", "--bs", "64", "--seed", "5", "--basic", "--lr", "3e-3", "--epochs", "2", "--out", plain.toString());
        Map<String, NDArray> augmented = weights(whole), notAugmented = weights(plain);
        assertTrue(augmented.keySet().stream().anyMatch(k -> !java.util.Arrays.equals(augmented.get(k).toFloatArray(), notAugmented.get(k).toFloatArray())));
    }

    /** A bfloat16 run resumes bit for bit; resumed with --fp16 instead it continues in float16, with a note and a fresh scaler. */
    @Test
    void bfloat16RunsResumeBitForBitOrInFloat16WithANote(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), split = dir.resolve("split"), switched = dir.resolve("switched");
        String[] common = {"--subset", "256", "--bs", "64", "--seed", "7", "--basic", "--lr", "3e-3"};
        train(concat(common, "--bf16", "--epochs", "2", "--out", whole.toString()));
        train(concat(common, "--bf16", "--epochs", "2", "--stop-after", "1", "--out", split.toString()));
        Files.createDirectories(switched);
        try (var files = Files.list(split)) {
            for (Path f : files.toList()) Files.copy(f, switched.resolve(f.getFileName()));
        }
        String resumed = train(concat(common, "--bf16", "--epochs", "2", "--resume", split.toString()));
        assertTrue(resumed.contains("at epoch 1 of 2") && !resumed.contains("resume: note"), resumed);
        assertSameWeights(whole, split);

        String inFloat16 = train(concat(common, "--fp16", "--epochs", "2", "--resume", switched.toString()));
        assertTrue(inFloat16.contains("resume: note: the run trained in bfloat16 and continues in float16 with a fresh loss scaler"), inFloat16);
        var checkpoint = SafeTensors.read(switched.resolve("checkpoint.safetensors"));
        assertEquals("float16", checkpoint.metadata().get("precision"));
        assertTrue(checkpoint.tensors().containsKey("scaler.scale"), "the float16 epoch's scaler is checkpointed");
        assertTrue(Files.readString(switched.resolve("metrics.json")).contains("{\"epoch\": 1,"), "the second epoch ran");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
