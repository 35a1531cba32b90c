package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One seed gives bit-identical training on the CPU whatever the number of threads: the same
 * {@code jgrad train} run in child JVMs with {@code -Djgrad.threads=1} and {@code =2} writes
 * byte-identical model files. (Every parallel loop splits work over independent outputs, and
 * long sums into fixed chunks, never by thread count.)
 */
class ThreadCountDeterminismTest {
    private static Path train(Path out, int threads) throws IOException, InterruptedException {
        Path log = out.resolveSibling(out.getFileName() + ".log");
        Process p = ChildJvm.startJgrad(log, threads, "train", "--subset", "1024", "--epochs", "1", "--seed", "3", "--out", out.toString());
        ChildJvm.awaitSuccess(p, log, 5, "training with " + threads + " thread(s)");
        return out.resolve("model.safetensors");
    }

    @Test
    void oneAndTwoThreadsTrainTheSameModel(@TempDir Path dir) throws Exception {
        byte[] one = Files.readAllBytes(train(dir.resolve("one-thread"), 1));
        byte[] two = Files.readAllBytes(train(dir.resolve("two-threads"), 2));
        assertArrayEquals(one, two, "model files differ between 1 and 2 threads");
    }
}
