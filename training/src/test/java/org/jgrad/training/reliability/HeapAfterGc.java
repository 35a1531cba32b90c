package org.jgrad.training.reliability;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The used heap after full collections, sampled during a long run, and how much it grew between
 * the run's first and last windows. The tests run with {@code -XX:+UseSerialGC}, whose
 * {@code System.gc()} is a full, compacting, stop-the-world collection: what is left is what is
 * reachable, give or take a few kilobytes of the JVM's own.
 */
final class HeapAfterGc {
    private final List<long[]> samples = new ArrayList<>();   // {step, bytes}

    /** The used heap after two full collections, in bytes. */
    static long usedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    void sample(long step) {
        samples.add(new long[] {step, usedAfterGc()});
    }

    /**
     * The growth from the first window (samples in the first {@code from} fraction of the steps,
     * after a warm-up of {@code warmUp} steps) to the last window (the last {@code from} fraction):
     * the smallest sample of the last window minus the largest of the first. Noise makes this
     * negative or near 0; a leak of L bytes a step makes it about L times the steps between them.
     */
    long growth(long steps, long warmUp, double from) {
        long firstMax = Long.MIN_VALUE, lastMin = Long.MAX_VALUE;
        for (long[] s : samples) {
            if (s[0] >= warmUp && s[0] <= warmUp + from * steps) firstMax = Math.max(firstMax, s[1]);
            if (s[0] >= (1 - from) * steps) lastMin = Math.min(lastMin, s[1]);
        }
        if (firstMax == Long.MIN_VALUE || lastMin == Long.MAX_VALUE) throw new IllegalStateException("no samples in a window: " + this);
        return lastMin - firstMax;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (long[] s : samples) sb.append(s[0]).append(": ").append(s[1] / 1024).append(" KiB\n");
        return sb.toString();
    }
}
