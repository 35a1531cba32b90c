package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jgrad.tensor.NDArray;

/**
 * Reads the CIFAR-10 binary format ("CIFAR-10 binary version", {@code cifar-10-batches-bin}).
 *
 * <p>A file is a sequence of 3073-byte records: one label byte (0–9), then 3072 bytes of pixels,
 * the 1024 red values of the 32×32 image row by row, then the 1024 green, then the 1024 blue, i.e.
 * already in (C, H, W) order. The training split is {@code data_batch_1.bin} … {@code
 * data_batch_5.bin} (10,000 records each), the test split {@code test_batch.bin}. A file may be
 * gzipped (recognised by its magic bytes, as in {@link IdxReader}).
 *
 * <p>The length of each file must be a whole number of records and each label must be a class
 * (0–9); any problem is an {@link IllegalArgumentException} whose message starts with the file
 * name and says what is wrong (for a label: the record and its byte offset).
 *
 * <pre>{@code
 * Cifar10Reader.Images train = Cifar10Reader.readSplit(folder, Split.TRAIN);  // 50,000 images
 * TensorDataset ds = train.toTensorDataset();   // x float32 (N, 3, 32, 32) in [0, 1], y int64 (N)
 * }</pre>
 */
public final class Cifar10Reader {
    /** Image side in pixels. */
    public static final int SIDE = 32;
    /** Colour planes per image (R, G, B). */
    public static final int CHANNELS = 3;
    /** Pixel bytes per image: 3 × 32 × 32. */
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    /** Bytes per record: the label and the pixels. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");
    /** The files of the training split, in order. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    /** The file of the test split. */
    public static final String TEST_FILE = "test_batch.bin";

    private static final float[] SCALE = new float[256];

    static {
        for (int i = 0; i < 256; i++) SCALE[i] = i / 255f;
    }

    private Cifar10Reader() {}

    /**
     * CIFAR-10 images kept as bytes: {@code labels.length} images of {@link #IMAGE_BYTES} bytes in
     * (C, H, W) order, one after another in {@code pixels}. The arrays are not copied.
     */
    public record Images(byte[] pixels, byte[] labels) {
        public Images {
            Objects.requireNonNull(pixels, "pixels");
            Objects.requireNonNull(labels, "labels");
            if ((long) labels.length * IMAGE_BYTES != pixels.length)
                throw new IllegalArgumentException("CIFAR-10: " + labels.length + " labels but " + pixels.length + " pixel bytes");
        }

        /** The number of images. */
        public int size() {
            return labels.length;
        }

        /** The label of image {@code i}, 0–9. */
        public int label(int i) {
            return labels[Objects.checkIndex(i, labels.length)];
        }

        /** One pixel value 0–255 of image {@code i}: channel {@code c} (0 R, 1 G, 2 B), {@code row}, {@code col}. */
        public int pixel(int i, int c, int row, int col) {
            Objects.checkIndex(i, size());
            Objects.checkIndex(c, CHANNELS);
            Objects.checkIndex(row, SIDE);
            Objects.checkIndex(col, SIDE);
            return pixels[i * IMAGE_BYTES + (c * SIDE + row) * SIDE + col] & 0xff;
        }

        /** The images at {@code indices}: float32 {@code (n, 3, 32, 32)} in [0, 1]. */
        public NDArray images(int[] indices) {
            float[] out = new float[indices.length * IMAGE_BYTES];
            for (int k = 0; k < indices.length; k++) {
                int src = Objects.checkIndex(indices[k], size()) * IMAGE_BYTES, dst = k * IMAGE_BYTES;
                for (int p = 0; p < IMAGE_BYTES; p++) out[dst + p] = SCALE[pixels[src + p] & 0xff];
            }
            return HostArrays.f32(out, indices.length, CHANNELS, SIDE, SIDE);
        }

        /** The labels at {@code indices}: int64 {@code (n)}. */
        public NDArray labels(int[] indices) {
            long[] out = new long[indices.length];
            for (int k = 0; k < indices.length; k++) out[k] = labels[Objects.checkIndex(indices[k], size())];
            return HostArrays.i64(out, out.length);
        }

        /** All images and labels as an in-memory dataset (float32 images: 12 KB per image). */
        public TensorDataset toTensorDataset() {
            int[] all = new int[size()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return new TensorDataset(images(all), labels(all));
        }
    }

    /** Reads {@code split} from a folder holding the binary files ({@link #TRAIN_FILES} or {@link #TEST_FILE}). */
    public static Images readSplit(Path folder, Split split) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : split == Split.TRAIN ? TRAIN_FILES : List.of(TEST_FILE)) files.add(folder.resolve(name));
        return read(files);
    }

    /** Reads and concatenates the records of {@code files}, in order. */
    public static Images read(List<Path> files) throws IOException {
        List<Images> parts = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            Images part = parse(Files.readAllBytes(f), f.getFileName().toString());
            parts.add(part);
            total += part.size();
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("CIFAR-10: too many images (" + total + ")");
        byte[] pixels = new byte[(int) total * IMAGE_BYTES], labels = new byte[(int) total];
        int at = 0;
        for (Images p : parts) {
            System.arraycopy(p.pixels(), 0, pixels, at * IMAGE_BYTES, p.pixels().length);
            System.arraycopy(p.labels(), 0, labels, at, p.size());
            at += p.size();
        }
        return new Images(pixels, labels);
    }

    /** Parses the bytes of one file (raw or gzipped); {@code name} is used in messages. */
    public static Images parse(byte[] bytes, String name) {
        bytes = IdxReader.decompress(bytes, name);
        if (bytes.length == 0) throw new IllegalArgumentException(name + ": empty file, expected 3073-byte CIFAR-10 records");
        if (bytes.length % RECORD_BYTES != 0)
            throw new IllegalArgumentException(name + ": " + bytes.length + " bytes is not a whole number of " + RECORD_BYTES
                    + "-byte CIFAR-10 records (" + bytes.length / RECORD_BYTES + " records and " + bytes.length % RECORD_BYTES
                    + " bytes left over; truncated, or not the binary version)");
        int n = bytes.length / RECORD_BYTES;
        byte[] labels = new byte[n], pixels = new byte[n * IMAGE_BYTES];
        for (int i = 0; i < n; i++) {
            int at = i * RECORD_BYTES, label = bytes[at] & 0xff;
            if (label >= CLASS_NAMES.size())
                throw new IllegalArgumentException(name + ": record " + i + " (byte offset " + at + ") has label " + label
                        + ", expected 0–9 (not a CIFAR-10 file? CIFAR-100 records have 2 label bytes)");
            labels[i] = (byte) label;
            System.arraycopy(bytes, at + 1, pixels, i * IMAGE_BYTES, IMAGE_BYTES);
        }
        return new Images(pixels, labels);
    }
}
