package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.nn.io.SafeTensorsContent;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training survives being killed: {@code jgrad train} runs in a child JVM that is killed
 * ({@link Process#destroyForcibly()}, SIGKILL: no shutdown hooks, no flushing) at seeded-random
 * moments and restarted with {@code --resume} until it finishes; the final weights, optimizer
 * state and recorded losses are bit-identical to those of an uninterrupted run with the same seed.
 *
 * <p>The first child is killed at a seeded-random moment after its start, or as soon as its first
 * checkpoint appears if that comes first (so always killed, before or just after a checkpoint);
 * each later one a random few milliseconds after it writes a checkpoint that is not the last,
 * which lands the kill early in the next epoch; a child that resumed after the last but one
 * checkpoint runs to the end. The kills are placed by what the child has written, not by how fast
 * this machine is: with three epochs the first child dies at or before the first checkpoint and
 * the second after the first or the second, so at least two kills and a resume from a checkpoint
 * always happen.
 * After every kill the checkpoint on disk, if any, must read as a complete, valid file: writes
 * are atomic.
 */
class KillAndResumeTest {
    private static final int EPOCHS = 3;
    private static final String[] RUN = {"--subset", "128", "--bs", "64", "--epochs", "" + EPOCHS, "--seed", "9", "--basic", "--lr", "3e-3"};

    @Test
    void killedAndResumedTrainingEndsWithTheSameWeights(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), killed = dir.resolve("killed");
        Path log = dir.resolve("whole.log");
        ChildJvm.awaitSuccess(ChildJvm.startJgrad(log, 2, train(whole, false)), log, 3, "the uninterrupted run");

        Random random = new Random(20261127);
        List<String> history = new ArrayList<>();
        boolean resumedFromACheckpoint = false;
        for (int child = 0; ; child++) {
            assertTrue(child < 2 * EPOCHS + 2, "no end in sight: " + history);
            Path childLog = dir.resolve("child-" + child + ".log");
            Path checkpoint = killed.resolve("checkpoint.safetensors");
            boolean resume = Files.isRegularFile(checkpoint);
            int epochBefore = resume ? epochOf(checkpoint) : 0;
            resumedFromACheckpoint |= resume && epochBefore >= 1;
            Process p = ChildJvm.startJgrad(childLog, 2, train(killed, resume));
            boolean kill = child == 0
                    ? awaitCheckpointOrDeadline(p, checkpoint, 300 + random.nextInt(3000))
                    : awaitNewCheckpoint(p, checkpoint, epochBefore, random.nextInt(200));
            if (!kill) {
                ChildJvm.awaitSuccess(p, childLog, 3, "child " + child + " (" + String.join(", ", history) + ")");
                break;
            }
            p.destroyForcibly().waitFor();
            int epochAfter = Files.isRegularFile(checkpoint) ? epochOf(checkpoint) : 0;   // reads and checks the whole file
            history.add("killed child " + child + (resume ? " (resumed at epoch " + epochBefore + ")" : " (fresh)")
                    + " with the checkpoint at epoch " + epochAfter);
        }
        System.out.println("KillAndResumeTest: " + history);
        assertTrue(history.size() >= 2 && resumedFromACheckpoint, "at least two kills and one resume from a checkpoint: " + history);
        assertSameTensors(whole.resolve("checkpoint.safetensors"), killed.resolve("checkpoint.safetensors"), history);
        assertSameTensors(whole.resolve("model.safetensors"), killed.resolve("model.safetensors"), history);
    }

    private static String[] train(Path out, boolean resume) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(RUN));
        args.addAll(List.of(resume ? "--resume" : "--out", out.toString()));
        return args.toArray(String[]::new);
    }

    /** Waits until the child's first checkpoint appears or {@code deadlineMillis} pass; true if it is still running then (kill it). */
    private static boolean awaitCheckpointOrDeadline(Process p, Path checkpoint, long deadlineMillis) throws Exception {
        long end = System.nanoTime() + deadlineMillis * 1_000_000;
        while (p.isAlive() && System.nanoTime() < end && !Files.isRegularFile(checkpoint)) p.waitFor(10, TimeUnit.MILLISECONDS);
        return p.isAlive();
    }

    /**
     * Waits until the child writes a checkpoint past {@code epochBefore} that is not the last one,
     * then {@code delayMillis} more; true if it is still running then (kill it), false if it wrote
     * the last checkpoint or ended on its own.
     */
    private static boolean awaitNewCheckpoint(Process p, Path checkpoint, int epochBefore, long delayMillis) throws Exception {
        FileTime seen = Files.isRegularFile(checkpoint) ? Files.getLastModifiedTime(checkpoint) : null;
        while (p.isAlive()) {
            FileTime now = Files.isRegularFile(checkpoint) ? Files.getLastModifiedTime(checkpoint) : null;
            if (now != null && !now.equals(seen)) {
                seen = now;
                int epoch = epochOf(checkpoint);
                if (epoch >= EPOCHS) return false;
                if (epoch > epochBefore) return !p.waitFor(delayMillis, TimeUnit.MILLISECONDS);
            }
            p.waitFor(10, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    /** The epochs done that a checkpoint records; reading it checks the whole file. */
    private static int epochOf(Path checkpoint) throws IOException {
        return Integer.parseInt(SafeTensors.read(checkpoint).metadata().get("epoch"));
    }

    /**
     * The same metadata and the same tensors, bit for bit: weights, optimizer state and the
     * recorder's history (every batch's loss, lr and momentum; every epoch's row but its seconds).
     */
    private static void assertSameTensors(Path expected, Path actual, List<String> history) throws IOException {
        SafeTensorsContent a = SafeTensors.read(expected), b = SafeTensors.read(actual);
        assertEquals(a.metadata(), b.metadata(), actual.toString());
        assertEquals(a.tensors().keySet(), b.tensors().keySet(), actual.toString());
        for (Map.Entry<String, NDArray> e : a.tensors().entrySet())
            assertArrayEquals(withoutTimes(e.getKey(), e.getValue()), withoutTimes(e.getKey(), b.tensors().get(e.getKey())),
                    () -> e.getKey() + " differs in " + actual.getFileName() + " after " + history);
    }

    /** The values, with the seconds column (4) of the recorder's epoch rows set to 0: wall-clock time differs from run to run. */
    private static double[] withoutTimes(String key, NDArray values) {
        double[] v = values.toDoubleArray();
        if (key.equals("recorder.epochs")) for (int i = 4; i < v.length; i += values.shape(1)) v[i] = 0;
        return v;
    }
}
