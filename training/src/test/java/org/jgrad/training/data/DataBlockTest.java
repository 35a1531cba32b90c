package org.jgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Flatten;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.nn.losses.MseLoss;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.learner.MeanSquaredError;
import org.jgrad.training.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataBlockTest {
    @TempDir Path dir;

    /**
     * {@code root/<split>/<class>/<k>.png}: 8×8 grey images, "left" brighter on its left half,
     * "right" on its right half, with noise; sizes vary (6–10 pixels) so that resizing is needed.
     */
    private static void writeImages(Path root, String split, int perClass, long seed) throws IOException {
        Random r = new Random(seed);
        for (String cls : List.of("right", "left")) {
            Path folder = Files.createDirectories(root.resolve(split).resolve(cls));
            for (int k = 0; k < perClass; k++) {
                int size = 6 + r.nextInt(5);
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++) {
                        boolean bright = cls.equals("left") == x < size / 2;
                        img.getRaster().setSample(x, y, 0, (bright ? 170 : 60) + r.nextInt(60));
                    }
                ImageIO.write(img, "png", folder.resolve(k + ".png").toFile());
            }
        }
    }

    @Test
    void imageFolderSplitByFolderTrainsWithTheDefaultLossAndMetric() throws IOException {
        writeImages(dir, "train", 24, 1);
        writeImages(dir, "valid", 8, 2);
        AtomicInteger transformed = new AtomicInteger();
        DataBlock<Path, Object> block = DataBlock.of(ImageBlock.grey().resized(8, 8), new CategoryBlock())
                .getItems(ImageFolder::imageFiles)
                .splitter(Splitters.byFolder("train", "valid"))
                .labeller(ImageFolder::parentLabel)
                .itemTransform(x -> x.sub(0.5))
                .batchTransform(b -> {
                    transformed.incrementAndGet();
                    return b;
                });
        DataBlock.Datasets ds = block.datasets(dir);
        assertEquals(List.of("left", "right"), ds.vocab());
        assertArrayEquals(new int[] {48, 1, 8, 8}, ds.train().x().shape());
        assertArrayEquals(new int[] {16, 1, 8, 8}, ds.valid().x().shape());
        // items are listed in path order: train/left/0.png ... so the first 24 training targets are "left" (0)
        long[] y = ds.train().y().toLongArray();
        assertEquals(0, y[0]);
        assertEquals(1, y[47]);
        float[] x = ds.train().x().toFloatArray();
        float min = 1;
        for (float v : x) min = Math.min(min, v);
        assertTrue(min < 0, "the item transform (x - 0.5) ran: min " + min);

        assertInstanceOf(Accuracy.class, ds.defaultMetrics().get(0));
        Tensor logits = Tensor.of(NDArray.fromArray(new float[][] {{2, 0}, {0, 1}}));
        NDArray target = NDArray.of(0L, 1L);
        assertEquals(new CrossEntropyLoss().forward(logits, target).item(), ds.defaultLoss().apply(logits, target).item(), 1e-12);

        DataLoaders dls = ds.dataloaders(8, 0);
        assertEquals(6, dls.train().batchCount());
        Generator g = new Generator(0);
        Module model = new Sequential(new Flatten(), new Linear(64, 2, true, g));
        Learner learn = new Learner(dls, model, block.target().defaultLoss(), groups -> Adam.fastai(groups, 1e-2),
                block.target().defaultMetrics());
        learn.fit(4, 1e-2);
        double accuracy = learn.recorder().epochs().get(3).metrics().get("accuracy");
        assertTrue(accuracy >= 0.9, "accuracy " + accuracy);
        assertTrue(transformed.get() >= 4 * (6 + 2), "batch transform calls " + transformed.get());

        DataBlock.Datasets small = ds.subset(10, 4, 3);
        assertEquals(10, small.train().size());
        assertEquals(4, small.valid().size());
    }

    @Test
    void imagesOfAnotherSizeAreRejectedUnlessResized() throws IOException {
        writeImages(dir, "train", 6, 3);
        DataBlock<Path, Object> block = DataBlock.of(ImageBlock.grey(), new CategoryBlock())
                .getItems(ImageFolder::imageFiles).labeller(ImageFolder::parentLabel);
        var e = assertThrows(IllegalArgumentException.class, () -> block.datasets(dir));
        assertTrue(e.getMessage().contains("has input shape") && e.getMessage().contains("every item needs the same shape"), e.getMessage());
        var sized = DataBlock.of(ImageBlock.rgb().sized(8, 8), new CategoryBlock()).getItems(ImageFolder::imageFiles)
                .labeller(ImageFolder::parentLabel);
        var e2 = assertThrows(IllegalArgumentException.class, () -> sized.datasets(dir));
        assertTrue(e2.getMessage().contains("expected 8×8 (resize the images, or ask for resizing)"), e2.getMessage());
    }

    @Test
    void randomAndIndexSplitters() {
        List<Integer> items = IntStream.range(0, 50).boxed().toList();
        Splitter.Indices a = Splitters.<Integer>random(0.2, 7).split(items), b = Splitters.<Integer>random(0.2, 7).split(items);
        assertEquals(10, a.valid().length);
        assertEquals(40, a.train().length);
        assertArrayEquals(a.valid(), b.valid());
        assertNotEquals(List.of(IntStream.of(a.valid()).boxed().toList()),
                List.of(IntStream.of(Splitters.<Integer>random(0.2, 8).split(items).valid()).boxed().toList()));
        boolean[] seen = new boolean[50];
        for (int i : a.train()) seen[i] = true;
        for (int i : a.valid()) {
            assertTrue(!seen[i]);
            seen[i] = true;
        }
        Splitter.Indices byIndex = Splitters.<Integer>byIndex(3, 1, 49).split(items);
        assertArrayEquals(new int[] {1, 3, 49}, byIndex.valid());
        assertEquals(47, byIndex.train().length);
        assertThrows(IndexOutOfBoundsException.class, () -> Splitters.<Integer>byIndex(50).split(items));
    }

    @Test
    void regressionFromTableRowsUsesMse() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            float a = r.nextFloat(), b = r.nextFloat();
            csv.append(a).append(',').append(b).append(',').append(3 * a - 2 * b + 1).append('\n');
        }
        Path f = dir.resolve("lin.csv");
        Files.writeString(f, csv);
        int[] features = {0, 1};
        DataBlock<CsvTable.Row, Number> block = DataBlock.of(VectorBlock.of(2, (CsvTable.Row row) -> row.numbers(features)),
                        new RegressionBlock())
                .getItems(p -> CsvTable.read(p, true).rows())
                .labeller(row -> row.number("y"))
                .splitter(Splitters.random(0.25, 1));
        DataBlock.Datasets ds = block.datasets(f);
        assertEquals(List.of(), ds.vocab());
        assertArrayEquals(new int[] {150, 2}, ds.train().x().shape());
        assertArrayEquals(new int[] {50}, ds.valid().y().shape());
        assertInstanceOf(MeanSquaredError.class, ds.defaultMetrics().get(0));
        // the default loss compares an (N, 1) output with (N) targets
        Tensor out = Tensor.of(NDArray.fromArray(new float[][] {{1}, {3}}));
        NDArray t = NDArray.of(0f, 1f);
        assertEquals(new MseLoss().forward(Tensor.of(NDArray.of(1f, 3f)), t).item(), ds.defaultLoss().apply(out, t).item(), 1e-7);

        Module model = new Linear(2, 1, true, new Generator(0));
        Learner learn = new Learner(ds.dataloaders(16, 0), model, ds.defaultLoss(), groups -> Adam.fastai(groups, 0.1), ds.defaultMetrics());
        learn.fit(8, 0.1);
        double mse = learn.recorder().epochs().get(7).metrics().get("mse");
        assertTrue(mse < 0.01, "mse " + mse);
    }

    @Test
    void aValidationLabelOutsideTheVocabularyIsNamed() {
        List<String> items = new ArrayList<>(List.of("a", "b", "a", "c"));
        DataBlock<String, Object> block = DataBlock.of(VectorBlock.of(1, (String s) -> new float[] {s.charAt(0)}), new CategoryBlock())
                .labeller(s -> s).splitter(Splitters.byIndex(3));
        var e = assertThrows(IllegalArgumentException.class, () -> block.datasets(items));
        assertEquals("DataBlock, validation labels: CategoryBlock: label 'c' (item 0) is not in the vocabulary [a, b]"
                + " (built from the training labels)", e.getMessage());
        var fixed = DataBlock.of(VectorBlock.of(1, (String s) -> new float[] {s.charAt(0)}), CategoryBlock.withVocab(List.of("c", "b", "a")))
                .labeller(s -> s).splitter(Splitters.byIndex(3));
        DataBlock.Datasets ds = assertDoesNotThrow(() -> fixed.datasets(items));
        assertArrayEquals(new long[] {2, 1, 2}, ds.train().y().toLongArray());
        assertArrayEquals(new long[] {0}, ds.valid().y().toLongArray());
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }
}
