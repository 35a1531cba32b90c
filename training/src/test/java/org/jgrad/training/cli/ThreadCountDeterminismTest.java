package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jgrad.training.reliability.LossTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One seed gives bit-identical training on the CPU whatever the number of threads: the same
 * {@code jgrad train} run in child JVMs with {@code -Djgrad.threads=1} and {@code =2} writes
 * byte-identical model files, and a small CNN's training ({@link LossTrace}) gives bit-identical
 * losses at every step. (Every parallel loop splits work over independent outputs, and long sums
 * into fixed chunks, never by thread count.)
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

    private static List<String> lossTrace(Path dir, int threads) throws IOException, InterruptedException {
        Path log = dir.resolve("losses-" + threads + ".log");
        ChildJvm.awaitSuccess(ChildJvm.start(log, threads, LossTrace.class, "30"), log, 3, "the loss trace with " + threads + " thread(s)");
        return Files.readAllLines(log).stream().filter(l -> !l.startsWith("WARNING")).toList();
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalLosses(@TempDir Path dir) throws Exception {
        List<String> one = lossTrace(dir, 1), two = lossTrace(dir, 2);
        assertEquals(30, one.stream().filter(l -> l.startsWith("loss ")).count(), String.join("\n", one));
        for (int i = 0; i < Math.max(one.size(), two.size()); i++) {
            int line = i;
            assertEquals(i < one.size() ? one.get(i) : null, i < two.size() ? two.get(i) : null, () -> "line " + line + " differs");
        }
    }
}
