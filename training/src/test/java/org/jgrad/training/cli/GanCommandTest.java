package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jgrad.nn.Module;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.gan.SampleGrid;
import org.jgrad.training.models.Dcgan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgrad gan} end to end on a tiny MNIST subset with tiny networks (no score, so no
 * classifier to train): the files it writes, a kill-and-resume that ends as the uninterrupted run,
 * and bad input.
 */
class GanCommandTest {
    private static final String[] TINY = {"gan", "--subset", "96", "--bs", "32", "--width", "4", "--no-score", "--seed", "1"};

    private static String[] tiny(String... more) {
        String[] all = java.util.Arrays.copyOf(TINY, TINY.length + more.length);
        System.arraycopy(more, 0, all, TINY.length, more.length);
        return all;
    }

    @Test
    void aTinyRunWritesItsGridsPlotsGeneratorAndCheckpoint(@TempDir Path out) throws Exception {
        String printed = Cli.run(tiny("--epochs", "2", "--out", out.toString()));
        assertTrue(printed.contains("epoch  gen_loss    critic_loss  time"), printed);
        for (String f : new String[] {"samples-epoch-0.png", "samples-epoch-1.png", "progression.png", "losses.png", "generator.safetensors",
                "checkpoint.safetensors", "metrics.json"})
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing; printed:\n" + printed);
        BufferedImage grid = ImageIO.read(out.resolve("samples-epoch-1.png").toFile());
        int side = 8 * (28 * SampleGrid.SCALE + SampleGrid.GAP) + SampleGrid.GAP;
        assertEquals(side, grid.getWidth());
        assertEquals(side, grid.getHeight());
        BufferedImage progression = ImageIO.read(out.resolve("progression.png").toFile());
        assertEquals(2 * (28 * SampleGrid.SCALE + SampleGrid.GAP) + SampleGrid.GAP, progression.getHeight(), "one row per epoch");
        Module g = Dcgan.generator(GanCommand.NZ, 4, new Generator(99));
        g.load(out.resolve("generator.safetensors"), true);   // strict: every key and shape of the generator
        String metrics = Files.readString(out.resolve("metrics.json"));
        assertTrue(metrics.contains("\"epoch\": 1,") && metrics.contains("\"loss\": \"gan\""), metrics);
    }

    @Test
    void aRunStoppedAndResumedEndsAsTheUninterruptedOne(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts");
        Cli.run(tiny("--loss", "wgan-gp", "--n-critic", "2", "--epochs", "3", "--out", whole.toString()));
        String stopped = Cli.run(tiny("--loss", "wgan-gp", "--n-critic", "2", "--epochs", "3", "--stop-after", "1", "--out", parts.toString()));
        assertTrue(stopped.contains("stopping after epoch 0"), stopped);
        assertTrue(!Files.exists(parts.resolve("generator.safetensors")), "a stopped run writes no final generator");
        String resumed = Cli.run(tiny("--loss", "wgan-gp", "--n-critic", "2", "--epochs", "3", "--resume", parts.toString()));
        assertTrue(resumed.contains("resume: ") && resumed.contains("at epoch 1 of 3"), resumed);
        Map<String, NDArray> a = SafeTensors.read(whole.resolve("generator.safetensors")).tensors(), b = SafeTensors.read(parts.resolve("generator.safetensors")).tensors();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), b.get(k).toFloatArray(), k));
        assertArrayEquals(Files.readAllBytes(whole.resolve("samples-epoch-2.png")), Files.readAllBytes(parts.resolve("samples-epoch-2.png")));
    }

    @Test
    void theThresholdSwitcherRuns(@TempDir Path out) {
        String printed = Cli.run(tiny("--switch", "threshold", "--critic-threshold", "1.2", "--gen-threshold", "1.0", "--out", out.toString()));
        assertTrue(printed.contains("switch threshold (generator 1.0, critic 1.2)"), printed);
    }

    @Test
    void helpListsTheCommandAndItsOptions() {
        String help = Cli.run("gan", "--help");
        assertTrue(help.contains("usage: ./jgrad gan [options]") && help.contains("--loss gan|wgan-gp") && help.contains("--n-critic N"), help);
        assertTrue(Cli.run("help").contains("gan "), "./jgrad help lists gan");
    }

    @Test
    void badInputIsReportedWithTheValue(@TempDir Path out) {
        assertTrue(Cli.fails("gan", "--loss", "lsgan").contains("--loss must be gan or wgan-gp, got 'lsgan'"));
        assertTrue(Cli.fails("gan", "--epochs", "0").contains("--epochs must be >= 1, got 0"));
        assertTrue(Cli.fails("gan", "--lr", "-1").contains("--lr must be > 0, got -1"));
        assertTrue(Cli.fails("gan", "--switch", "random").contains("--switch must be fixed or threshold, got 'random'"));
        assertTrue(Cli.fails("gan", "--switch", "threshold", "--n-critic", "3").contains("--n-critic sets the fixed alternation"));
        assertTrue(Cli.fails("gan", "--critic-threshold", "abc").contains("--critic-threshold must be a finite number, got 'abc'"));
        assertTrue(Cli.fails("gan", "--data", out.resolve("nowhere").toString()).contains("no such folder"));
        assertTrue(Cli.fails("gan", "--data", out.toString(), "--no-score").contains("no PNG or JPEG image in it"));
        assertTrue(Cli.fails("gan", "--resume", out.toString()).contains("--resume: no checkpoint"));
        assertTrue(Cli.fails("gan", "--basic").contains("unknown option '--basic'"));
        assertTrue(Cli.fails(tiny("--bs", "200", "--out", out.resolve("r").toString())).contains("--bs 200 is larger than the 96 training images"));
    }

    @Test
    void aFolderOfImagesTrainsWithoutAScore(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("images/sub");
        Files.createDirectories(folder);
        for (int i = 0; i < 8; i++) {
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 4 + i; y < 20 + i; y++) for (int x = 8; x < 14; x++) img.getRaster().setSample(x, y, 0, 255);
            ImageIO.write(img, "png", folder.resolve("i" + i + ".png").toFile());
        }
        String printed = Cli.run("gan", "--data", dir.resolve("images").toString(), "--bs", "4", "--width", "4", "--out", dir.resolve("run").toString());
        assertTrue(printed.contains("data: 8 grey images (resized to 28x28)") && printed.contains("score: none for a folder"), printed);
        assertTrue(Files.isRegularFile(dir.resolve("run/samples-epoch-0.png")));
    }
}
