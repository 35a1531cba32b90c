package org.jgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir Path dir;

    static Path writeGrey(Path file, int h, int w, int value) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, (value + 10 * y + x) % 256);
        return write(img, file);
    }

    static Path writeRgb(Path file, int h, int w, int r, int g, int b) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img.setRGB(x, y, r << 16 | g << 8 | b);
        return write(img, file);
    }

    private static Path write(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String n = file.getFileName().toString();
        if (!ImageIO.write(img, n.endsWith(".png") ? "png" : "jpeg", file.toFile())) throw new IOException("no writer for " + n);
        return file;
    }

    @Test
    void greyAndRgbPngsReadExactly() throws IOException {
        Path g = writeGrey(dir.resolve("g.png"), 2, 3, 100);
        NDArray grey = ImageFiles.read(g, 1);
        assertArrayEquals(new int[] {1, 2, 3}, grey.shape());
        assertArrayEquals(new float[] {100 / 255f, 101 / 255f, 102 / 255f, 110 / 255f, 111 / 255f, 112 / 255f}, grey.toFloatArray(), 1e-7f);
        NDArray greyAsRgb = ImageFiles.read(g, 3);
        assertArrayEquals(new int[] {3, 2, 3}, greyAsRgb.shape());
        assertEquals(111 / 255f, greyAsRgb.toFloatArray()[2 * 6 + 4], 1e-7f);

        Path c = writeRgb(dir.resolve("c.png"), 2, 2, 200, 100, 50);
        float[] rgb = ImageFiles.read(c, 3).toFloatArray();
        assertArrayEquals(new float[] {200 / 255f, 200 / 255f, 200 / 255f, 200 / 255f, 100 / 255f, 100 / 255f, 100 / 255f, 100 / 255f,
                50 / 255f, 50 / 255f, 50 / 255f, 50 / 255f}, rgb, 1e-7f);
        float luma = (0.299f * 200 + 0.587f * 100 + 0.114f * 50) / 255f;
        assertEquals(luma, ImageFiles.read(c, 1).toFloatArray()[0], 1e-6f);

        // JPEG is lossy: a flat colour comes back close
        float[] jpeg = ImageFiles.read(writeRgb(dir.resolve("c.jpg"), 16, 16, 200, 100, 50), 3).toFloatArray();
        assertEquals(200 / 255f, jpeg[0], 0.03f);
        assertEquals(100 / 255f, jpeg[256], 0.03f);
        assertEquals(50 / 255f, jpeg[512], 0.03f);

        Files.writeString(dir.resolve("not.png"), "hello");
        var e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(dir.resolve("not.png"), 3));
        assertTrue(e.getMessage().contains("not a PNG, JPEG, GIF or BMP image"), e.getMessage());
    }

    @Test
    void bilinearResizeUsesHalfPixelCentres() {
        NDArray img = NDArray.of(0f, 1f, 2f, 3f).reshape(1, 2, 2);
        // PyTorch: F.interpolate(torch.tensor([[[[0.,1],[2,3]]]]), size=4, mode="bilinear", align_corners=False)
        assertArrayEquals(new float[] {0, .25f, .75f, 1, .5f, .75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3},
                ImageFiles.resize(img, 4, 4).toFloatArray(), 1e-6f);
        // shrinking 4 → 2 averages the middle pair of each 2×2 block: centre samples at 0.5 and 2.5
        NDArray big = NDArray.arange(0, 16, 1, org.jgrad.tensor.DType.FLOAT32).reshape(1, 4, 4);
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, ImageFiles.resize(big, 2, 2).toFloatArray(), 1e-6f);
        assertArrayEquals(big.toFloatArray(), ImageFiles.resize(big, 4, 4).toFloatArray(), 0f);
    }

    @Test
    void aFolderPerClassSortedAndSizesChecked() throws IOException {
        writeGrey(dir.resolve("zebra/b.png"), 4, 4, 0);
        writeGrey(dir.resolve("zebra/a.png"), 4, 4, 50);
        writeGrey(dir.resolve("ant/x.png"), 4, 4, 90);
        Files.writeString(dir.resolve("ant/notes.txt"), "ignored");
        ImageFolder folder = ImageFolder.scan(dir);
        assertEquals(List.of("ant", "zebra"), folder.classes());
        assertEquals(List.of("x.png", "a.png", "b.png"), folder.files().stream().map(p -> p.getFileName().toString()).toList());
        TensorDataset ds = folder.toTensorDataset(1, 4, 4, false);
        assertArrayEquals(new int[] {3, 1, 4, 4}, ds.x().shape());
        assertArrayEquals(new long[] {0, 1, 1}, ds.y().toLongArray());
        assertEquals(50 / 255f, ds.x().toFloatArray()[16], 1e-7f);
        assertEquals("zebra", ImageFolder.parentLabel(folder.files().get(2)));

        writeGrey(dir.resolve("zebra/c.png"), 5, 4, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> ImageFolder.scan(dir).toTensorDataset(1, 4, 4, false));
        assertTrue(e.getMessage().endsWith("c.png: image is 5×4 (H×W), expected 4×4 (resize the images, or ask for resizing)"), e.getMessage());
        TensorDataset resized = ImageFolder.scan(dir).toTensorDataset(3, 8, 8, true);
        assertArrayEquals(new int[] {4, 3, 8, 8}, resized.x().shape());

        Files.createDirectories(dir.resolve("empty"));
        var none = assertThrows(IllegalArgumentException.class, () -> ImageFolder.scan(dir));
        assertTrue(none.getMessage().endsWith("class folder 'empty' holds no PNG or JPEG image"), none.getMessage());
    }
}
