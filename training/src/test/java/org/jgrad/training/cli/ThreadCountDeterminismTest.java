package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Djgrad.threads=" + threads,
                "-cp", System.getProperty("java.class.path"), Jgrad.class.getName(),
                "train", "--subset", "1024", "--epochs", "1", "--seed", "3", "--out", out.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("training with " + threads + " thread(s) did not finish in 5 minutes");
        }
        assertEquals(0, p.exitValue(), () -> "training with " + threads + " thread(s) failed:\n" + readLog(out));
        return out.resolve("model.safetensors");
    }

    private static String readLog(Path out) {
        try {
            return Files.readString(out.resolveSibling(out.getFileName() + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void oneAndTwoThreadsTrainTheSameModel(@TempDir Path dir) throws Exception {
        byte[] one = Files.readAllBytes(train(dir.resolve("one-thread"), 1));
        byte[] two = Files.readAllBytes(train(dir.resolve("two-threads"), 2));
        assertArrayEquals(one, two, "model files differ between 1 and 2 threads");
    }
}
