package org.jgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir Path dir;

    /** {@code n} records; record i has label (first + i) % 10 and pixel (c, y, x) = (first + i + 7c + 3y + x) % 256. */
    private static byte[] records(int first, int n) {
        byte[] b = new byte[n * Cifar10Reader.RECORD_BYTES];
        for (int i = 0; i < n; i++) {
            int at = i * Cifar10Reader.RECORD_BYTES, id = first + i;
            b[at] = (byte) (id % 10);
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++) b[at + 1 + (c * 32 + y) * 32 + x] = (byte) ((id + 7 * c + 3 * y + x) % 256);
        }
        return b;
    }

    @Test
    void readsTheTrainingAndTestSplitsInOrder() throws IOException {
        for (int k = 0; k < 5; k++) Files.write(dir.resolve("data_batch_" + (k + 1) + ".bin"), records(k * 3, 3));
        Files.write(dir.resolve("test_batch.bin"), gzip(records(100, 4))); // gzipped files are read too
        Cifar10Reader.Images train = Cifar10Reader.readSplit(dir, Split.TRAIN);
        assertEquals(15, train.size());
        for (int i = 0; i < 15; i++) assertEquals(i % 10, train.label(i));
        assertEquals((11 + 7 * 2 + 3 * 5 + 9) % 256, train.pixel(11, 2, 5, 9)); // blue plane, row 5, col 9
        Cifar10Reader.Images test = Cifar10Reader.readSplit(dir, Split.TEST);
        assertEquals(4, test.size());
        assertEquals(0, test.label(0)); // 100 % 10

        TensorDataset ds = train.toTensorDataset();
        assertArrayEquals(new int[] {15, 3, 32, 32}, ds.x().shape());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4}, ds.y().toLongArray());
        NDArray two = train.images(new int[] {4, 1});
        float[] v = two.toFloatArray();
        assertEquals((4 + 7 + 3 * 2 + 3) % 256 / 255f, v[(1 * 32 + 2) * 32 + 3], 1e-7f); // image 4, green, (2, 3)
        assertEquals((1 + 0) / 255f, v[3072], 1e-7f); // image 1, red, (0, 0)
        assertEquals("airplane", Cifar10Reader.CLASS_NAMES.get(0));
        assertEquals("truck", Cifar10Reader.CLASS_NAMES.get(9));
    }

    @Test
    void aTruncatedFileIsReportedWithItsName() throws IOException {
        byte[] good = records(0, 2);
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 5);
        Path f = dir.resolve("data_batch_1.bin");
        Files.write(f, cut);
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10Reader.read(java.util.List.of(f)));
        assertTrue(e.getMessage().startsWith("data_batch_1.bin: 6141 bytes is not a whole number of 3073-byte"), e.getMessage());
        assertTrue(e.getMessage().contains("1 records and 3068 bytes left over"), e.getMessage());
        Files.write(f, new byte[0]);
        var empty = assertThrows(IllegalArgumentException.class, () -> Cifar10Reader.read(java.util.List.of(f)));
        assertTrue(empty.getMessage().startsWith("data_batch_1.bin: empty file"), empty.getMessage());
    }

    @Test
    void aLabelOutsideTheClassesIsReportedWithItsRecord() {
        byte[] b = records(0, 3);
        b[2 * Cifar10Reader.RECORD_BYTES] = 12;
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10Reader.parse(b, "test_batch.bin"));
        assertEquals("test_batch.bin: record 2 (byte offset 6146) has label 12, expected 0–9 (not a CIFAR-10 file? CIFAR-100 records"
                + " have 2 label bytes)", e.getMessage());
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
