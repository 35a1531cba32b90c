package org.jgrad.training.data;

import java.util.Objects;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.HostStorage;

/**
 * Grey-scale images with one class label each, as read from IDX files: the pixels stay unsigned
 * bytes, and NDArrays are made on request, for all items or for a batch.
 *
 * <p>Keeping the bytes is the fast choice for data loading: MNIST's 60,000 training images are
 * 47 MB as bytes against 188 MB as float32, and a batch is made by one pass over the chosen
 * images with a 256-entry lookup table ({@code byte → byte / 255f}), which costs far less than
 * the forward pass it feeds. Images come out as float32 {@code (N, 1, rows, cols)} in [0, 1];
 * labels as int64 {@code (N)}.
 *
 * <p>Instances are immutable; the arrays passed in are not copied and must not be changed.
 */
public final class LabeledImages {
    private static final float[] SCALE = new float[256];

    static {
        for (int i = 0; i < 256; i++) SCALE[i] = i / 255f;
    }

    private final byte[] pixels;
    private final byte[] labels;
    private final int rows, cols;

    /** {@code labels.length} images of {@code rows × cols} bytes, one after another in {@code pixels}. */
    public LabeledImages(byte[] pixels, byte[] labels, int rows, int cols) {
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = Objects.requireNonNull(labels, "labels");
        if (rows <= 0 || cols <= 0) throw new IllegalArgumentException("rows and cols must be > 0, got " + rows + " × " + cols);
        if ((long) labels.length * rows * cols != pixels.length)
            throw new IllegalArgumentException("label/image count mismatch: " + labels.length + " labels but " + pixels.length
                    + " pixel bytes (" + rows + " × " + cols + " per image)");
        this.rows = rows;
        this.cols = cols;
    }

    /** The number of images. */
    public int size() { return labels.length; }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** The label of image {@code i}, 0–255. */
    public int label(int i) {
        return labels[Objects.checkIndex(i, labels.length)] & 0xff;
    }

    /** One pixel of image {@code i}, 0–255. */
    public int pixel(int i, int row, int col) {
        Objects.checkIndex(i, labels.length);
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return pixels[(i * rows + row) * cols + col] & 0xff;
    }

    /** The largest label plus one (10 for MNIST and Fashion-MNIST); 0 when empty. */
    public int classCount() {
        int max = -1;
        for (byte b : labels) max = Math.max(max, b & 0xff);
        return max + 1;
    }

    /** All images: float32 {@code (N, 1, rows, cols)} scaled to [0, 1]. */
    public NDArray images() {
        return images(0, size());
    }

    /** All labels: int64 {@code (N)}. */
    public NDArray labels() {
        return labels(0, size());
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive): float32 {@code (to - from, 1, rows, cols)}. */
    public NDArray images(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        int per = rows * cols, n = to - from;
        float[] out = new float[n * per];
        for (int k = 0, src = from * per; k < out.length; k++, src++) out[k] = SCALE[pixels[src] & 0xff];
        return wrap(new HostStorage.F32(out), n, 1, rows, cols);
    }

    /** Labels {@code from} (inclusive) to {@code to} (exclusive): int64 {@code (to - from)}. */
    public NDArray labels(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        long[] out = new long[to - from];
        for (int k = 0; k < out.length; k++) out[k] = labels[from + k] & 0xff;
        return wrap(new HostStorage.I64(out), out.length);
    }

    /** The images at {@code indices}, in that order: float32 {@code (indices.length, 1, rows, cols)}. */
    public NDArray images(int[] indices) {
        int per = rows * cols;
        float[] out = new float[indices.length * per];
        for (int k = 0; k < indices.length; k++) {
            int src = Objects.checkIndex(indices[k], size()) * per, dst = k * per;
            for (int p = 0; p < per; p++) out[dst + p] = SCALE[pixels[src + p] & 0xff];
        }
        return wrap(new HostStorage.F32(out), indices.length, 1, rows, cols);
    }

    /** The labels at {@code indices}, in that order: int64 {@code (indices.length)}. */
    public NDArray labels(int[] indices) {
        long[] out = new long[indices.length];
        for (int k = 0; k < indices.length; k++) out[k] = labels[Objects.checkIndex(indices[k], size())] & 0xff;
        return wrap(new HostStorage.I64(out), out.length);
    }

    private static NDArray wrap(HostStorage storage, int... shape) {
        int[] strides = new int[shape.length];
        for (int d = shape.length - 1, s = 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        return new NDArray(storage, shape, strides, 0);
    }

    @Override
    public String toString() {
        return "LabeledImages[" + size() + " × " + rows + " × " + cols + "]";
    }
}
