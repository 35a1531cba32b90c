package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad lr-find} and {@code jgrad train --lr auto} on 512 real MNIST images (fetched into the cache if missing). */
class LrFindCommandTest {
    private final ByteArrayOutputStream text = new ByteArrayOutputStream(), errors = new ByteArrayOutputStream();

    private int run(String... args) {
        return Jgrad.run(args, new PrintStream(text, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
    }

    private static double suggestion(String printed, String name) {
        Matcher m = Pattern.compile("\\n  " + name + " +([0-9.e+-]+)").matcher(printed);
        assertTrue(m.find(), name + " not printed:\n" + printed);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void printsFourSuggestionsAndWritesThePlotAndTheCurve(@TempDir Path out) throws Exception {
        int code = run("lr-find", "--subset", "512", "--bs", "64", "--basic", "--seed", "0", "--out", out.toString());
        String printed = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed + errors.toString(StandardCharsets.UTF_8));
        double valley = suggestion(printed, "valley"), steep = suggestion(printed, "steep"),
                minimum = suggestion(printed, "minimum"), slide = suggestion(printed, "slide");
        for (double lr : new double[] {valley, steep, minimum, slide}) assertTrue(lr > 1e-7 && lr < 10, "suggestion " + lr + "\n" + printed);
        // on MNIST with Adam, a useful learning rate is somewhere around 1e-4 .. 1e-1
        assertTrue(valley > 1e-5 && valley < 0.3, "valley " + valley + "\n" + printed);

        BufferedImage png = ImageIO.read(out.resolve("lr_find.png").toFile());
        assertEquals(800, png.getWidth());
        assertEquals(500, png.getHeight());
        List<String> csv = Files.readAllLines(out.resolve("lr_find.csv"));
        assertEquals("lr,loss,raw_loss", csv.get(0));
        assertTrue(csv.size() > 20, csv.size() + " rows");
        assertEquals(1e-7, Double.parseDouble(csv.get(1).split(",")[0]), 1e-15);
    }

    @Test
    void trainWithAutoLrUsesTheValley(@TempDir Path out) throws Exception {
        int code = run("train", "--lr", "auto", "--subset", "512", "--bs", "64", "--basic", "--seed", "0", "--out", out.toString());
        String printed = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed + errors.toString(StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("lr auto: lr-find's valley suggestion ([0-9.e+-]+)").matcher(printed);
        assertTrue(m.find(), printed);
        double lr = Double.parseDouble(m.group(1));
        String metrics = Files.readString(out.resolve("metrics.json"));
        Matcher saved = Pattern.compile("\"lr\": ([0-9.eE+-]+)").matcher(metrics);
        assertTrue(saved.find(), metrics);
        assertEquals(lr, Double.parseDouble(saved.group(1)), lr * 1e-3, "metrics.json has the lr used");
        assertTrue(printed.contains("epoch  train_loss  valid_loss  accuracy"), printed);
    }

    @Test
    void badOptionsAreReported() {
        assertEquals(1, run("lr-find", "--start", "1", "--end", "0.5"));
        assertEquals(1, run("lr-find", "--num-it", "0"));
        assertEquals(1, run("lr-find", "--epochs", "2"));
        assertEquals(1, run("train", "--lr", "-1"));
        String messages = errors.toString(StandardCharsets.UTF_8);
        assertTrue(messages.contains("need 0 < --start < --end") && messages.contains("--num-it must be >= 1")
                && messages.contains("unknown option '--epochs'") && messages.contains("--lr must be > 0 or auto"), messages);
    }
}
