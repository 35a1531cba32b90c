package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.Cifar10Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgrad train --data FOLDER} on a CIFAR-10 binary folder the test writes in the exact format
 * (3073-byte records: a label byte, then the red, green and blue 32×32 planes): three classes told
 * apart by which colour plane is bright, so a 3-channel CNN must read all three.
 */
class TrainOnCifar10Test {
    /** {@code records} records of labels 0–2: label k has plane k bright (around 200), the others dim (around 60), with noise. */
    private static void writeBatch(Path file, int records, Random rnd) throws IOException {
        byte[] bytes = new byte[records * Cifar10Reader.RECORD_BYTES];
        for (int r = 0; r < records; r++) {
            int at = r * Cifar10Reader.RECORD_BYTES, label = rnd.nextInt(3);
            bytes[at] = (byte) label;
            for (int c = 0; c < Cifar10Reader.CHANNELS; c++)
                for (int p = 0; p < Cifar10Reader.SIDE * Cifar10Reader.SIDE; p++) {
                    int v = (c == label ? 200 : 60) + (int) (rnd.nextGaussian() * 40);
                    bytes[at + 1 + c * Cifar10Reader.SIDE * Cifar10Reader.SIDE + p] = (byte) Math.max(0, Math.min(255, v));
                }
        }
        Files.write(file, bytes);
    }

    @Test
    void aThreeChannelCnnLearnsTheColours(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cifar-10-batches-bin")), run = dir.resolve("run");
        Random rnd = new Random(4);
        for (String name : Cifar10Reader.TRAIN_FILES) writeBatch(folder.resolve(name), 24, rnd);
        writeBatch(folder.resolve(Cifar10Reader.TEST_FILE), 60, rnd);
        String printed = Cli.run("train", "--data", folder.toString(), "--epochs", "3", "--bs", "16", "--basic", "--out", run.toString());
        assertTrue(printed.contains("data: 120 training and 60 test images (CIFAR-10, 3×32×32)"), printed);
        double accuracy = Cli.finalMetric(run, "accuracy");
        assertTrue(accuracy >= 0.9, "test accuracy " + accuracy + "\n" + printed);
        NDArray firstConv = SafeTensors.read(run.resolve("model.safetensors")).tensors().values().stream()
                .filter(t -> t.rank() == 4).findFirst().orElseThrow();
        assertArrayEquals(new int[] {8, 3, 3, 3}, firstConv.shape(), "the basic CNN's first convolution reads 3 channels");
    }

    @Test
    void aTruncatedBatchFileIsReported(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cifar"));
        Random rnd = new Random(5);
        for (String name : Cifar10Reader.TRAIN_FILES) writeBatch(folder.resolve(name), 2, rnd);
        writeBatch(folder.resolve(Cifar10Reader.TEST_FILE), 2, rnd);
        byte[] whole = Files.readAllBytes(folder.resolve("data_batch_3.bin"));
        Files.write(folder.resolve("data_batch_3.bin"), java.util.Arrays.copyOf(whole, whole.length - 100));
        String error = Cli.fails("train", "--data", folder.toString(), "--out", dir.resolve("run").toString());
        assertTrue(error.contains("data_batch_3.bin: 6046 bytes is not a whole number of 3073-byte CIFAR-10 records"), error);
    }
}
