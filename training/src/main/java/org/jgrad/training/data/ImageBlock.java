package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Path;
import org.jgrad.tensor.NDArray;

/**
 * An image input for a {@link DataBlock}: an image file (PNG, JPEG) to float32 (C, H, W) in
 * [0, 1], grey (C = 1) or RGB (C = 3), see {@link ImageFiles}. With a size, images of another
 * size are resized bilinearly ({@link #resized}) or rejected with a message naming the file
 * ({@link #sized}); without one, every image must have the size of the first.
 *
 * <pre>{@code
 * ImageBlock.rgb().resized(32, 32)    // any image, resized to 32×32
 * ImageBlock.grey().sized(28, 28)      // 28×28 images only
 * }</pre>
 */
public final class ImageBlock implements InputBlock<Path> {
    private final int channels, height, width;
    private final boolean resize;

    private ImageBlock(int channels, int height, int width, boolean resize) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.resize = resize;
    }

    /** RGB images (3 channels), kept at their size. */
    public static ImageBlock rgb() {
        return new ImageBlock(3, 0, 0, false);
    }

    /** Grey images (1 channel; colour images converted with the BT.601 luma), kept at their size. */
    public static ImageBlock grey() {
        return new ImageBlock(1, 0, 0, false);
    }

    /** A copy that resizes every image to {@code height × width} (bilinear). */
    public ImageBlock resized(int height, int width) {
        checkSize(height, width);
        return new ImageBlock(channels, height, width, true);
    }

    /** A copy that accepts only images of {@code height × width}. */
    public ImageBlock sized(int height, int width) {
        checkSize(height, width);
        return new ImageBlock(channels, height, width, false);
    }

    /** 1 (grey) or 3 (RGB). */
    public int channels() {
        return channels;
    }

    @Override
    public NDArray encode(Path file) throws IOException {
        return height == 0 ? ImageFiles.read(file, channels) : ImageFiles.read(file, channels, height, width, resize);
    }

    private static void checkSize(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("ImageBlock: size must be positive, got " + height + "×" + width);
    }

    @Override
    public String toString() {
        return "ImageBlock(" + (channels == 1 ? "grey" : "rgb") + (height == 0 ? "" : (resize ? ", resized to " : ", ") + height + "×" + width) + ")";
    }
}
