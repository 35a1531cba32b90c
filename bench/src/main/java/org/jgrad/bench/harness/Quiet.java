package org.jgrad.bench.harness;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Lets this JVM fall quiet before another process's engine takes its turn: HotSpot compiles hot code
 * on background threads, seconds after the calls that made it hot, and on a small machine those
 * threads take cores from the other engine (PyTorch's OpenMP threads suffer most: a parallel region
 * waits for its slowest thread). {@link #settle} waits until the JIT's total compilation time has not
 * grown for {@link #STILL_MILLIS}, at most {@link #MAX_MILLIS}, then a further {@link #PAUSE_MILLIS} so
 * that the threads that just finished (a thread pool spinning before it parks) have gone to sleep.
 */
public final class Quiet {
    private Quiet() {}

    static final long STILL_MILLIS = 100, MAX_MILLIS = 3000, PAUSE_MILLIS = 50;

    /** Waits for this JVM's compiler threads to be idle (bounded); returns the milliseconds waited. */
    public static long settle() {
        long start = System.nanoTime();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        try {
            if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
                long before = jit.getTotalCompilationTime();
                while ((System.nanoTime() - start) / 1_000_000 < MAX_MILLIS) {
                    Thread.sleep(STILL_MILLIS);
                    long now = jit.getTotalCompilationTime();
                    if (now == before) break;
                    before = now;
                }
            }
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
