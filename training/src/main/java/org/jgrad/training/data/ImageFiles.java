package org.jgrad.training.data;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jgrad.tensor.NDArray;

/**
 * Decodes image files (PNG, JPEG, GIF or BMP, with the decoders of {@code javax.imageio}) into float32 arrays
 * of shape (C, H, W) with values in [0, 1], C = 1 (grey) or 3 (R, G, B), and resizes them
 * bilinearly.
 *
 * <p>Colour conversion: a grey image (one band, not palette-indexed) is read from its samples as
 * they are, scaled by the largest sample value of its bit depth (255 for 8 bits, 65535 for 16);
 * every other image goes through {@link BufferedImage#getRGB} (8-bit sRGB). Alpha is ignored.
 * Grey to RGB repeats the grey value; RGB to grey is the ITU-R BT.601 luma
 * {@code 0.299 R + 0.587 G + 0.114 B} (as PIL's {@code convert("L")}).
 *
 * <p>Resizing is bilinear with half-pixel centres (PyTorch's {@code interpolate(mode="bilinear",
 * align_corners=False)} without antialiasing): output pixel (y, x) samples the input at
 * ((y + ½)·H/H' − ½, (x + ½)·W/W' − ½), clamped to the image.
 */
public final class ImageFiles {
    private ImageFiles() {}

    /**
     * The most pixels decoded per byte of file: 1024, about what deflate (PNG) achieves at best on
     * 8-bit samples (1032:1). A file declaring more pixels than its size can justify, such as a
     * 100-byte PNG header claiming 65535×65535, is refused before anything is decoded.
     */
    public static final long MAX_PIXELS_PER_BYTE = 1024;

    /**
     * The formats decoded; the other decoders of javax.imageio (TIFF, WBMP) are not offered
     * untrusted files.
     */
    private static final java.util.Set<String> FORMATS = java.util.Set.of("png", "jpeg", "gif", "bmp");

    /**
     * Reads {@code file} as {@code channels} (1 or 3) planes: float32 {@code (channels, H, W)}.
     *
     * @throws IllegalArgumentException the file is not an image javax.imageio can read, is
     *     malformed, or declares more pixels than its size justifies ({@link #MAX_PIXELS_PER_BYTE})
     *     or than one array holds; the message names the file and what is wrong
     * @throws IOException the file cannot be read
     */
    public static NDArray read(Path file, int channels) throws IOException {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        BufferedImage image = decode(file, channels);
        return HostArrays.f32(planes(image, channels), channels, image.getHeight(), image.getWidth());
    }

    /**
     * Decodes the first image of {@code file}, checking its declared size before its pixels are
     * read. The JDK's decoders report malformed data with {@link IIOException} and, for some
     * inputs, with runtime exceptions from inside; both become an IllegalArgumentException naming
     * the file.
     */
    private static BufferedImage decode(Path file, int channels) throws IOException {
        long fileBytes = Files.size(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException(file + ": cannot open");
            ImageReader reader = null;
            for (Iterator<ImageReader> it = ImageIO.getImageReaders(in); it.hasNext() && reader == null; ) {
                ImageReader r = it.next();
                if (FORMATS.contains(r.getFormatName().toLowerCase(java.util.Locale.ROOT))) reader = r;
            }
            if (reader == null) throw new IllegalArgumentException(file + ": not a PNG, JPEG, GIF or BMP image");
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0), pixels = w * h;
                if (w < 1 || h < 1) throw new IllegalArgumentException(file + ": image of " + h + "×" + w + " (H×W) pixels, expected at least 1×1");
                if (pixels > MAX_PIXELS_PER_BYTE * fileBytes)
                    throw new IllegalArgumentException(file + ": header declares " + h + "×" + w + " (H×W) = " + pixels + " pixels, more than "
                            + MAX_PIXELS_PER_BYTE + " per byte of its " + fileBytes + " bytes (truncated or hostile file?)");
                if (pixels * channels > Integer.MAX_VALUE - 8)
                    throw new IllegalArgumentException(file + ": image of " + h + "×" + w + " (H×W) pixels is too large: " + channels
                            + " planes of it exceed " + (Integer.MAX_VALUE - 8) + " values, the largest array");
                return reader.read(0);
            } catch (IIOException | RuntimeException e) {
                if (e instanceof IllegalArgumentException iae && String.valueOf(iae.getMessage()).startsWith(file.toString())) throw iae;
                throw new IllegalArgumentException(file + ": malformed " + reader.getFormatName() + " image: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Reads {@code file} and resizes it to {@code height × width} when its size differs; with
     * {@code resize} false a different size is an error naming the file and both sizes.
     */
    public static NDArray read(Path file, int channels, int height, int width, boolean resize) throws IOException {
        NDArray image = read(file, channels);
        int h = image.shape(1), w = image.shape(2);
        if (h == height && w == width) return image;
        if (!resize)
            throw new IllegalArgumentException(file + ": image is " + h + "×" + w + " (H×W), expected " + height + "×" + width
                    + " (resize the images, or ask for resizing)");
        return resize(image, height, width);
    }

    /** The pixels of {@code image} as {@code channels} planes, row-major, in [0, 1]. */
    static float[] planes(BufferedImage image, int channels) {
        int h = image.getHeight(), w = image.getWidth(), plane = h * w;
        float[] out = new float[channels * plane];
        Raster raster = image.getRaster();
        boolean grey = raster.getNumBands() == 1 && !(image.getColorModel() instanceof IndexColorModel);
        if (grey) {
            float max = (float) ((1L << image.getColorModel().getComponentSize(0)) - 1);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    float v = raster.getSample(x, y, 0) / max;
                    for (int c = 0; c < channels; c++) out[c * plane + y * w + x] = v;
                }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x], r = argb >> 16 & 0xff, g = argb >> 8 & 0xff, b = argb & 0xff;
                if (channels == 1) {
                    out[y * w + x] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
                } else {
                    out[y * w + x] = r / 255f;
                    out[plane + y * w + x] = g / 255f;
                    out[2 * plane + y * w + x] = b / 255f;
                }
            }
        }
        return out;
    }

    /** Bilinear resize of a float (C, H, W) array to (C, height, width), half-pixel centres. */
    public static NDArray resize(NDArray image, int height, int width) {
        if (image.rank() != 3) throw new IllegalArgumentException("resize: expected (C, H, W), got rank " + image.rank());
        if (height < 1 || width < 1) throw new IllegalArgumentException("resize: size must be positive, got " + height + "×" + width);
        int c = image.shape(0), h = image.shape(1), w = image.shape(2);
        float[] in = image.contiguous().toFloatArray(), out = new float[c * height * width];
        int[] y0 = new int[height], y1 = new int[height], x0 = new int[width], x1 = new int[width];
        float[] fy = new float[height], fx = new float[width];
        weights(h, height, y0, y1, fy);
        weights(w, width, x0, x1, fx);
        for (int ch = 0; ch < c; ch++) {
            int src = ch * h * w, dst = ch * height * width;
            for (int y = 0; y < height; y++) {
                int r0 = src + y0[y] * w, r1 = src + y1[y] * w;
                float ty = fy[y];
                for (int x = 0; x < width; x++) {
                    float tx = fx[x];
                    float top = in[r0 + x0[x]] * (1 - tx) + in[r0 + x1[x]] * tx;
                    float bottom = in[r1 + x0[x]] * (1 - tx) + in[r1 + x1[x]] * tx;
                    out[dst + y * width + x] = top * (1 - ty) + bottom * ty;
                }
            }
        }
        return HostArrays.f32(out, c, height, width);
    }

    private static void weights(int in, int out, int[] lo, int[] hi, float[] frac) {
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double src = Math.max(0, (i + 0.5) * scale - 0.5);
            int a = Math.min((int) src, in - 1);
            lo[i] = a;
            hi[i] = Math.min(a + 1, in - 1);
            frac[i] = (float) (src - a);
        }
    }
}
