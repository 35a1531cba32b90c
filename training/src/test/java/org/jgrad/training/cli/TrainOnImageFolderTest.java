package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad train --data <folder>}: PNGs in train/ and valid/ class folders, written by the test. */
class TrainOnImageFolderTest {
    /** A 16×16 grey image with a bright horizontal or vertical bar at a random place, plus noise. */
    private static void writeBar(Path file, boolean horizontal, Random rnd) throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        int at = 3 + rnd.nextInt(10);
        for (int r = 0; r < 16; r++) {
            for (int c = 0; c < 16; c++) {
                boolean on = horizontal ? Math.abs(r - at) <= 1 : Math.abs(c - at) <= 1;
                int v = Math.min(255, Math.max(0, (on ? 200 : 30) + (int) (rnd.nextGaussian() * 25)));
                img.getRaster().setSample(c, r, 0, v);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void learnsBarsFromAFolderOfPngs(@TempDir Path dir) throws Exception {
        Random rnd = new Random(1);
        for (String split : new String[] {"train", "valid"})
            for (int i = 0; i < (split.equals("train") ? 120 : 40); i++)
                for (String cls : new String[] {"horizontal", "vertical"})
                    writeBar(dir.resolve("bars").resolve(split).resolve(cls).resolve(i + ".png"), cls.equals("horizontal"), rnd);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        int code = Jgrad.run(new String[] {"train", "--data", dir.resolve("bars").toString(), "--epochs", "3", "--bs", "16",
                "--basic", "--out", dir.resolve("run").toString()}, out, out);
        String printed = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(printed.contains("240 training and 80 validation images in 2 classes [horizontal, vertical]"), printed);
        Matcher m = Pattern.compile("\"final_accuracy\": ([0-9.]+)").matcher(Files.readString(dir.resolve("run").resolve("metrics.json")));
        assertTrue(m.find());
        assertTrue(Double.parseDouble(m.group(1)) >= 0.9, "accuracy " + m.group(1) + "\n" + printed);
    }

    @Test
    void aFolderWithoutTrainIsReported(@TempDir Path dir) {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
        assertEquals(1, Jgrad.run(new String[] {"train", "--data", dir.toString()}, new PrintStream(new ByteArrayOutputStream()), err));
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains("no train/ or data_batch_1.bin in it"), errors.toString(StandardCharsets.UTF_8));
    }
}
