package org.jgrad.notebook.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jgrad.training.learner.LrFindPlot;
import org.jgrad.training.learner.LrFindResult;
import org.jgrad.training.learner.Recorder;
import org.jgrad.training.learner.TrainingPlots;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A PNG image to show under a cell. jgrad's charts are written to files by the code that draws
 * them ({@link TrainingPlots}, {@link LrFindPlot}, the bench's charts); {@link #writtenBy} runs such
 * a writer into a temporary file and keeps the bytes, so a notebook shows exactly the picture a
 * script would save.
 *
 * @param bytes the PNG file's bytes
 */
public record Png(byte[] bytes) {
    /** Writes a PNG to the path it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path png) throws IOException;
    }

    /** Checks the PNG signature, so a wrong file fails here and not as a broken image in the browser. */
    public Png {
        if (bytes.length < 8 || (bytes[0] & 0xff) != 0x89 || bytes[1] != 'P' || bytes[2] != 'N' || bytes[3] != 'G')
            throw new IllegalArgumentException("Png: not a PNG image (" + bytes.length + " bytes, no PNG signature)");
    }

    /** The image {@code writer} writes, e.g. {@code Png.writtenBy(p -> TrainingPlots.writeSchedule(learn.recorder(), p))}. */
    public static Png writtenBy(Writer writer) {
        try {
            Path file = Files.createTempFile("jgrad-notebook-", ".png");
            try {
                writer.write(file);
                return new Png(Files.readAllBytes(file));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Png.writtenBy: the chart could not be written: " + e.getMessage(), e);
        }
    }

    /** A PNG file as it is. */
    public static Png of(Path file) {
        try {
            return new Png(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Png.of: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** An image (a sample grid, an augmentation grid) encoded as PNG. */
    public static Png of(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Png(out.toByteArray());
    }

    /** An XChart chart drawn at its own size. */
    public static Png of(Chart<?, ?> chart) {
        return of(BitmapEncoder.getBufferedImage(chart));
    }

    /** The training and validation losses of a fit ({@link TrainingPlots#writeLosses}). */
    public static Png losses(Recorder recorder) {
        return writtenBy(p -> TrainingPlots.writeLosses(recorder, p));
    }

    /** The learning rate and momentum of every batch ({@link TrainingPlots#writeSchedule}). */
    public static Png schedule(Recorder recorder) {
        return writtenBy(p -> TrainingPlots.writeSchedule(recorder, p));
    }

    /** The loss against the learning rate of an lr_find, with its suggestions ({@link LrFindPlot}). */
    public static Png lrFind(LrFindResult result) {
        return writtenBy(p -> LrFindPlot.write(result, p));
    }

    /** Width and height in pixels, from the IHDR chunk that opens every PNG (bytes 16-23, big-endian), without decoding the image. */
    public int[] size() {
        if (bytes.length < 24) throw new IllegalArgumentException("Png: " + bytes.length + " bytes, too short for an image header");
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(bytes, 16, 8);
        return new int[] {header.getInt(), header.getInt()};
    }
}
