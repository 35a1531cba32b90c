package org.jgrad.training.tour;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jgrad.tensor.NDArray;

/**
 * A batch of one-channel images, (N, 1, H, W) with values in [0, 1], drawn as a grid of tiles
 * (white on black, each pixel enlarged to a square), written as a PNG: how the tour shows
 * augmented samples.
 */
final class ImageGrid {
    private static final int GAP = 4;

    private ImageGrid() {}

    static void write(NDArray images, int columns, int scale, Path png) throws IOException {
        int[] s = images.shape();
        if (s.length != 4 || s[1] != 1) throw new IllegalArgumentException("ImageGrid: expected (N, 1, H, W), got " + java.util.Arrays.toString(s));
        int n = s[0], h = s[2], w = s[3], rows = (n + columns - 1) / columns;
        int tileW = w * scale, tileH = h * scale;
        BufferedImage image = new BufferedImage(GAP + columns * (tileW + GAP), GAP + rows * (tileH + GAP), BufferedImage.TYPE_BYTE_GRAY);
        float[] pixels = images.contiguous().toFloatArray();
        int grey = 0x80;
        for (int y = 0; y < image.getHeight(); y++)
            for (int x = 0; x < image.getWidth(); x++) image.getRaster().setSample(x, y, 0, grey);   // the gaps
        for (int i = 0; i < n; i++) {
            int left = GAP + (i % columns) * (tileW + GAP), top = GAP + (i / columns) * (tileH + GAP);
            for (int y = 0; y < tileH; y++)
                for (int x = 0; x < tileW; x++) {
                    float v = pixels[(i * h + y / scale) * w + x / scale];
                    image.getRaster().setSample(left + x, top + y, 0, Math.round(255 * Math.max(0, Math.min(1, v))));
                }
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer for " + png);
    }
}
