package org.jgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads the real MNIST and Fashion-MNIST when they are already in the cache (never fetches: tests
 * need no network); each is skipped with a message otherwise. Run {@code ./jgrad fetch-data mnist}
 * (and {@code fashion-mnist}) once to enable them.
 */
class RealMnistTest {
    @Test
    void realMnistTestSplitReadsAsExpected() throws IOException {
        DatasetCache cache = DatasetCache.standard(line -> {});
        Path folder = cache.folder(Dataset.MNIST.id());
        for (DataFile f : Dataset.MNIST.files())
            assumeTrue(Files.isRegularFile(folder.resolve(f.name())),
                    "MNIST is not in the cache " + folder + " (run ./jgrad fetch-data mnist to enable this test)");
        // ensure() only checks checksums here: every file is present, and no source is given
        LabeledImages test = IdxReader.read(cache.ensure("mnist", Dataset.MNIST.files(), List.of())
                .resolve(Dataset.MNIST.imagesFile(Split.TEST).name()), folder.resolve(Dataset.MNIST.labelsFile(Split.TEST).name()));
        assertEquals(10_000, test.size());
        assertEquals(28, test.rows());
        assertEquals(28, test.cols());
        assertEquals(10, test.classCount());
        // the first test digits of MNIST are 7, 2, 1, 0, 4
        assertArrayEquals(new long[] {7, 2, 1, 0, 4}, test.labels(0, 5).toLongArray());
        int[] counts = new int[10];
        for (int i = 0; i < test.size(); i++) counts[test.label(i)]++;
        assertEquals(980, counts[0]); // the published class counts of the test split
        assertEquals(1135, counts[1]);
        float[] first = test.images(0, 1).toFloatArray();
        float max = 0;
        for (float v : first) max = Math.max(max, v);
        assertEquals(1f, max, 1e-6f);
    }

    @Test
    void realFashionMnistTestSplitHasAThousandOfEachClass() throws IOException {
        DatasetCache cache = DatasetCache.standard(line -> {});
        Path folder = cache.folder(Dataset.FASHION_MNIST.id());
        for (DataFile f : Dataset.FASHION_MNIST.files())
            assumeTrue(Files.isRegularFile(folder.resolve(f.name())),
                    "Fashion-MNIST is not in the cache " + folder + " (run ./jgrad fetch-data fashion-mnist to enable this test)");
        LabeledImages test = Mnist.load(cache, Dataset.FASHION_MNIST, Split.TEST);
        assertEquals(10_000, test.size());
        assertEquals(28, test.rows());
        int[] counts = new int[10];
        for (int i = 0; i < test.size(); i++) counts[test.label(i)]++;
        for (int c = 0; c < 10; c++) assertEquals(1000, counts[c], Dataset.FASHION_MNIST.classNames().get(c));
        assertArrayEquals(new long[] {9, 2, 1}, test.labels(0, 3).toLongArray()); // ankle boot, pullover, trouser
    }
}
