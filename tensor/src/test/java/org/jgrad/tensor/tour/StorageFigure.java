package org.jgrad.tensor.tour;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Draws arrays as grids of cells, one row of the figure per array, each cell showing and coloured
 * by the storage position it reads ({@link StorageMap}): a view that reads position 5 has the same
 * colour there as the storage's cell 5. Drawn with Java2D, headless, without timestamps, so the
 * same arrays give the same PNG.
 */
final class StorageFigure {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** One row of the figure: a name and an array, drawn as a 2-D grid (a 1-D array as one row). */
    record Row(String name, NDArray array) {}

    private static final int CELL = 30, LEFT = 16, GRID_X = 330, GAP = 18, WIDTH = 720;
    private static final Font NAME = new Font(Font.SANS_SERIF, Font.BOLD, 14), META = new Font(Font.MONOSPACED, Font.PLAIN, 12);

    private StorageFigure() {}

    /** Writes the rows, top to bottom, as a PNG. */
    static void write(List<Row> rows, Path png) throws IOException {
        int height = GAP;
        for (Row r : rows) height += rowHeight(r) + GAP;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            int y = GAP;
            for (Row r : rows) {
                draw(g, r, y);
                y += rowHeight(r) + GAP;
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer for " + png);
    }

    private static int rows(NDArray a) { return a.rank() < 2 ? 1 : a.shape(0); }

    private static int columns(NDArray a) { return a.rank() == 0 ? 1 : a.shape(a.rank() - 1); }

    private static int rowHeight(Row r) { return Math.max(rows(r.array()) * CELL, 44); }

    private static void draw(Graphics2D g, Row r, int top) {
        NDArray a = r.array();
        g.setColor(Color.BLACK);
        g.setFont(NAME);
        g.drawString(r.name(), LEFT, top + 16);
        g.setFont(META);
        g.drawString("shape " + Shapes.format(a.shape()) + "  strides " + Shapes.format(a.strides()) + "  offset " + a.offset(), LEFT, top + 36);
        int[] pos = StorageMap.positions(a);
        int cols = columns(a);
        for (int n = 0; n < pos.length; n++) {
            int x = GRID_X + (n % cols) * CELL, y = top + (n / cols) * CELL;
            g.setColor(colour(pos[n]));
            g.fillRect(x, y, CELL, CELL);
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawRect(x, y, CELL, CELL);
            String label = Integer.toString(pos[n]);
            g.setColor(Color.BLACK);
            g.drawString(label, x + (CELL - g.getFontMetrics().stringWidth(label)) / 2, y + CELL / 2 + 5);
        }
    }

    /** A light colour per storage position, 12 hues apart. */
    private static Color colour(int position) {
        return Color.getHSBColor((position % 12) / 12f, 0.35f, 1f);
    }
}
