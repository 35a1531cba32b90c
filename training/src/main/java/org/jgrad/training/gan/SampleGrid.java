package org.jgrad.training.gan;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Generated grey images as PNGs: a grid of samples ({@link #write}), and the progression of a fit
 * ({@link #writeProgression}): the first row of every epoch's grid, one row per epoch, labelled,
 * read back from the grid files so that a resumed fit's progression covers the epochs before it.
 * Pixels in [-1, 1] map to grey levels 0..255 (clamped); each image pixel is drawn as a
 * {@value #SCALE}×{@value #SCALE} block, with {@value #GAP} pixels between images.
 */
public final class SampleGrid {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** Screen pixels per image pixel, and the gap between images. */
    public static final int SCALE = 2, GAP = 2;
    /** Width of the epoch labels left of the progression's rows. */
    static final int LABEL_WIDTH = 70;

    private SampleGrid() {}

    /** Images (N, 1, H, W) in [-1, 1] as a grid of {@code columns} columns. */
    public static BufferedImage grid(NDArray images, int columns) {
        if (images.rank() != 4 || images.shape(1) != 1)
            throw new IllegalArgumentException("SampleGrid: expected grey images (N, 1, H, W), got " + Shapes.format(images.shape()));
        if (columns < 1) throw new IllegalArgumentException("SampleGrid: columns must be >= 1, got " + columns);
        int n = images.shape(0), h = images.shape(2), w = images.shape(3);
        int rows = (n + columns - 1) / columns;
        int cellW = w * SCALE + GAP, cellH = h * SCALE + GAP;
        BufferedImage out = new BufferedImage(columns * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_BYTE_GRAY);
        float[] px = images.toFloatArray();
        var raster = out.getRaster();
        for (int k = 0; k < n; k++) {
            int x0 = GAP + (k % columns) * cellW, y0 = GAP + (k / columns) * cellH;
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++) {
                    int grey = (int) Math.round(Math.max(0, Math.min(1, (px[(k * h + i) * w + j] + 1) / 2)) * 255);
                    for (int a = 0; a < SCALE; a++)
                        for (int b = 0; b < SCALE; b++) raster.setSample(x0 + j * SCALE + b, y0 + i * SCALE + a, 0, grey);
                }
        }
        return out;
    }

    /** {@link #grid} written to {@code png}. */
    public static void write(NDArray images, int columns, Path png) throws IOException {
        write(grid(images, columns), png);
    }

    /**
     * The top row of images of each grid file, stacked one under the other, each labelled with its
     * label (e.g. "epoch 3"): how the same noise turned into images as training went on.
     */
    public static void writeProgression(List<Path> grids, List<String> labels, int imageHeight, Path png) throws IOException {
        if (grids.isEmpty() || grids.size() != labels.size())
            throw new IllegalArgumentException("SampleGrid.writeProgression: " + grids.size() + " grids and " + labels.size() + " labels");
        int rowH = imageHeight * SCALE + GAP;
        BufferedImage first = read(grids.get(0));
        BufferedImage out = new BufferedImage(LABEL_WIDTH + first.getWidth(), grids.size() * rowH + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int e = 0; e < grids.size(); e++) {
                BufferedImage grid = e == 0 ? first : read(grids.get(e));
                if (grid.getHeight() < rowH + GAP)
                    throw new IllegalArgumentException("SampleGrid.writeProgression: " + grids.get(e) + " is " + grid.getHeight()
                            + " pixels high, less than one row of " + imageHeight + "-pixel images");
                g.drawImage(grid.getSubimage(0, 0, Math.min(grid.getWidth(), first.getWidth()), rowH + GAP), LABEL_WIDTH, e * rowH, null);
                g.setColor(Color.WHITE);
                g.drawString(labels.get(e), 6, e * rowH + GAP + rowH / 2 + 4);
            }
        } finally {
            g.dispose();
        }
        write(out, png);
    }

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) throw new IOException(png + ": not a readable image");
        return image;
    }

    private static void write(BufferedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer for " + png);
    }
}
