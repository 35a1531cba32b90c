package org.jgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir Path dir;

    /** 3 images of 2 × 4: pixel p of image i is (i * 8 + p) * 10 (up to 230), plus 255 in the last one. */
    static byte[] imagesFile(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int k = 0; k < count * rows * cols; k++) b.put((byte) (k == count * rows * cols - 1 ? 255 : k * 10 % 250));
        return b.array();
    }

    static byte[] labelsFile(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
        for (int l : labels) b.put((byte) l);
        return b.array();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private void checkSmallSet(LabeledImages set) {
        assertEquals(3, set.size());
        assertEquals(2, set.rows());
        assertEquals(4, set.cols());
        assertEquals(9, set.label(1));
        assertEquals(200, set.label(2));
        assertEquals(201, set.classCount());
        NDArray x = set.images();
        assertEquals(DType.FLOAT32, x.dtype());
        assertArrayEquals(new int[] {3, 1, 2, 4}, x.shape());
        float[] values = x.toFloatArray();
        for (int k = 0; k < 23; k++) assertEquals(k * 10 % 250 / 255f, values[k], 0f, "pixel " + k);
        assertEquals(1f, values[23]);
        assertEquals(130, set.pixel(1, 1, 1)); // k = 8 + 4 + 1 = 13
        NDArray y = set.labels();
        assertEquals(DType.INT64, y.dtype());
        assertArrayEquals(new long[] {0, 9, 200}, y.toLongArray());
    }

    @Test
    void readsRawFiles() throws IOException {
        checkSmallSet(IdxReader.read(write("img", imagesFile(3, 2, 4)), write("lbl", labelsFile(0, 9, 200))));
    }

    @Test
    void readsGzippedFilesWhateverTheirName() throws IOException {
        checkSmallSet(IdxReader.read(write("img.gz", gzip(imagesFile(3, 2, 4))), write("lbl.raw", gzip(labelsFile(0, 9, 200)))));
    }

    @Test
    void batchesByIndexAndRange() throws IOException {
        LabeledImages set = IdxReader.read(write("img", imagesFile(3, 2, 4)), write("lbl", labelsFile(0, 9, 200)));
        NDArray all = set.images();
        NDArray batch = set.images(new int[] {2, 0});
        assertArrayEquals(new int[] {2, 1, 2, 4}, batch.shape());
        assertArrayEquals(all.toFloatArray(), concat(set.images(0, 1).toFloatArray(), set.images(1, 3).toFloatArray()));
        float[] b = batch.toFloatArray(), a = all.toFloatArray();
        assertArrayEquals(Arrays.copyOfRange(a, 16, 24), Arrays.copyOfRange(b, 0, 8));
        assertArrayEquals(Arrays.copyOfRange(a, 0, 8), Arrays.copyOfRange(b, 8, 16));
        assertArrayEquals(new long[] {200, 0}, set.labels(new int[] {2, 0}).toLongArray());
        assertArrayEquals(new long[] {9, 200}, set.labels(1, 3).toLongArray());
        assertThrows(IndexOutOfBoundsException.class, () -> set.images(new int[] {3}));
        assertThrows(IndexOutOfBoundsException.class, () -> set.labels(2, 4));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private IllegalArgumentException imagesError(String name, byte[] bytes) throws IOException {
        Path p = write(name, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        return e;
    }

    private IllegalArgumentException labelsError(String name, byte[] bytes) throws IOException {
        Path p = write(name, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.readLabels(p));
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        return e;
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        IllegalArgumentException e = imagesError("labels-as-images", labelsFile(1, 2));
        assertTrue(e.getMessage().contains("wrong magic number 0x00000801, expected 0x00000803"), e.getMessage());
        assertTrue(e.getMessage().contains("this is a labels file"), e.getMessage());
        e = labelsError("images-as-labels", imagesFile(1, 2, 2));
        assertTrue(e.getMessage().contains("wrong magic number 0x00000803, expected 0x00000801"), e.getMessage());
        e = imagesError("junk", "hello world, not idx".getBytes());
        assertTrue(e.getMessage().contains("wrong magic number 0x68656c6c"), e.getMessage());
    }

    @Test
    void truncatedFilesAreReported() throws IOException {
        byte[] full = imagesFile(3, 2, 4);
        IllegalArgumentException e = imagesError("short-data", Arrays.copyOf(full, full.length - 1));
        assertTrue(e.getMessage().contains("truncated: the data needs 40 bytes, the file has 39"), e.getMessage());
        e = imagesError("short-header", Arrays.copyOf(full, 10));
        assertTrue(e.getMessage().contains("truncated: the 16-byte header"), e.getMessage());
        e = imagesError("empty", new byte[0]);
        assertTrue(e.getMessage().contains("truncated: the magic number"), e.getMessage());
        byte[] labels = labelsFile(1, 2, 3);
        e = labelsError("short-labels", Arrays.copyOf(labels, labels.length - 2));
        assertTrue(e.getMessage().contains("truncated: the data needs 11 bytes, the file has 9"), e.getMessage());
        byte[] gz = gzip(full);
        e = imagesError("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertTrue(e.getMessage().contains("truncated or corrupt gzip data"), e.getMessage());
    }

    @Test
    void extraBytesAndBadDimensionsAreReported() throws IOException {
        byte[] full = imagesFile(1, 2, 2);
        IllegalArgumentException e = imagesError("long", Arrays.copyOf(full, full.length + 3));
        assertTrue(e.getMessage().contains("3 unexpected bytes after the data"), e.getMessage());
        ByteBuffer b = ByteBuffer.wrap(full.clone());
        b.putInt(8, 0);
        e = imagesError("zero-rows", b.array());
        assertTrue(e.getMessage().contains("invalid dimensions 1 × 0 × 2"), e.getMessage());
        b = ByteBuffer.wrap(full.clone());
        b.putInt(4, 1 << 30).putInt(8, 1 << 10);
        e = imagesError("huge", b.array());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        b = ByteBuffer.wrap(labelsFile(1));
        b.putInt(4, -5);
        e = labelsError("negative", b.array());
        assertTrue(e.getMessage().contains("invalid label count -5"), e.getMessage());
    }

    @Test
    void labelImageCountMismatchNamesBothFiles() throws IOException {
        Path images = write("img", imagesFile(3, 2, 4)), labels = write("lbl", labelsFile(1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.read(images, labels));
        assertEquals("img and lbl: label/image count mismatch: 3 images but 2 labels", e.getMessage());
    }
}
