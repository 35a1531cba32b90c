package org.jgrad.training.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, raw or gzipped (recognised by the gzip magic
 * bytes {@code 1f 8b}, whatever the file is called).
 *
 * <p>Two layouts are read, both big-endian: images (magic {@code 0x00000803}, then the count, rows
 * and columns as 32-bit integers, then {@code count × rows × cols} unsigned bytes, row-major) and
 * labels (magic {@code 0x00000801}, the count, then one unsigned byte per label). The magic, the
 * dimensions and the exact length of the data are checked; any problem is an
 * {@link IllegalArgumentException} whose message starts with the file name and says what is wrong.
 *
 * <p>The pixels are kept as the raw bytes (see {@link LabeledImages}): a quarter of the memory of
 * float32, and a batch is converted when it is taken.
 */
public final class IdxReader {
    /** The magic number of an IDX file of unsigned bytes with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** The magic number of an IDX file of unsigned bytes with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /** The content of an images file: {@code count} images of {@code rows × cols} unsigned bytes. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /** Reads an images file and its labels file and checks that they hold as many items. */
    public static LabeledImages read(Path imagesFile, Path labelsFile) throws IOException {
        Images images = readImages(imagesFile);
        byte[] labels = readLabels(labelsFile);
        if (images.count() != labels.length)
            throw new IllegalArgumentException(imagesFile.getFileName() + " and " + labelsFile.getFileName()
                    + ": label/image count mismatch: " + images.count() + " images but " + labels.length + " labels");
        return new LabeledImages(images.pixels(), labels, images.rows(), images.cols());
    }

    /** Reads an images file (magic {@code 0x00000803}). */
    public static Images readImages(Path file) throws IOException {
        String name = file.getFileName().toString();
        return parseImages(decompress(Files.readAllBytes(file), name), name);
    }

    /** Reads a labels file (magic {@code 0x00000801}): one unsigned byte per label. */
    public static byte[] readLabels(Path file) throws IOException {
        String name = file.getFileName().toString();
        return parseLabels(decompress(Files.readAllBytes(file), name), name);
    }

    /** Parses the bytes of an images file (already decompressed); {@code name} is used in messages. */
    public static Images parseImages(byte[] bytes, String name) {
        checkMagic(bytes, IMAGES_MAGIC, "images", name);
        if (bytes.length < 16) throw truncated(name, 16, bytes.length, "the 16-byte header");
        int count = readInt(bytes, 4), rows = readInt(bytes, 8), cols = readInt(bytes, 12);
        if (count < 0 || rows <= 0 || cols <= 0)
            throw new IllegalArgumentException(name + ": invalid dimensions " + count + " × " + rows + " × " + cols);
        long perImage = (long) rows * cols;   // < 2^62; count × perImage could overflow long and wrap to the file's length
        if (count > 0 && perImage > (Long.MAX_VALUE - 16) / count)
            throw new IllegalArgumentException(name + ": truncated or corrupt: dimensions " + count + " × " + rows + " × " + cols
                    + " need more than 2^63 bytes of pixels, the file has " + bytes.length);
        long expected = 16L + count * perImage;
        checkLength(bytes, expected, name);
        byte[] pixels = new byte[(int) (expected - 16)];
        System.arraycopy(bytes, 16, pixels, 0, pixels.length);
        return new Images(count, rows, cols, pixels);
    }

    /** Parses the bytes of a labels file (already decompressed); {@code name} is used in messages. */
    public static byte[] parseLabels(byte[] bytes, String name) {
        checkMagic(bytes, LABELS_MAGIC, "labels", name);
        if (bytes.length < 8) throw truncated(name, 8, bytes.length, "the 8-byte header");
        int count = readInt(bytes, 4);
        if (count < 0) throw new IllegalArgumentException(name + ": invalid label count " + count);
        checkLength(bytes, 8L + count, name);
        byte[] labels = new byte[count];
        System.arraycopy(bytes, 8, labels, 0, count);
        return labels;
    }

    /** True when {@code bytes} start with the gzip magic {@code 1f 8b}. */
    public static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** The bytes themselves, or their decompressed content when they are gzipped. */
    public static byte[] decompress(byte[] bytes, String name) {
        if (!isGzip(bytes)) return bytes;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": truncated or corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static void checkMagic(byte[] bytes, int magic, String kind, String name) {
        if (bytes.length < 4) throw truncated(name, 4, bytes.length, "the magic number");
        int found = readInt(bytes, 0);
        if (found != magic)
            throw new IllegalArgumentException(String.format("%s: wrong magic number 0x%08x, expected 0x%08x (IDX %s file)%s",
                    name, found, magic, kind, found == IMAGES_MAGIC ? "; this is an images file"
                            : found == LABELS_MAGIC ? "; this is a labels file" : ""));
    }

    private static void checkLength(byte[] bytes, long expected, String name) {
        if (bytes.length < expected) throw truncated(name, expected, bytes.length, "the data");
        if (bytes.length > expected)
            throw new IllegalArgumentException(name + ": " + (bytes.length - expected) + " unexpected bytes after the data (file is "
                    + bytes.length + " bytes, the header says " + expected + ")");
    }

    private static IllegalArgumentException truncated(String name, long expected, long found, String what) {
        return new IllegalArgumentException(name + ": truncated: " + what + " needs " + expected + " bytes, the file has " + found);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
