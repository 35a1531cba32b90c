package org.jgrad.tensor.cpu;

/**
 * The one thread pool of the CPU backend. Work is split into at most {@link #threads()} contiguous
 * ranges; small work (fewer than {@code grain} items per thread) stays on the calling thread, and
 * calls made from inside a parallel loop (on a worker, or in the calling thread's own share) run
 * inline, so nested parallel loops never oversubscribe: at most {@link #threads()} threads compute.
 * The workers are a {@link SpinningPool}: they wait for the next loop spinning for
 * {@code -Djgrad.spinMicros} (default {@value #DEFAULT_SPIN_MICROS} µs) before they sleep, since a
 * training step is hundreds of short loops back to back.
 *
 * <p>The thread count is {@code -Djgrad.threads=N}, default the number of available processors.
 */
public final class CpuParallel {
    /** The body of a parallel loop: handles items {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    static final int DEFAULT_SPIN_MICROS = 1000;
    private static final int THREADS = Math.max(1,
            Integer.getInteger("jgrad.threads", Runtime.getRuntime().availableProcessors()));
    private static final SpinningPool POOL = THREADS > 1
            ? new SpinningPool(THREADS, 1000L * Math.max(0, Integer.getInteger("jgrad.spinMicros", DEFAULT_SPIN_MICROS)))
            : null;

    private CpuParallel() {}

    /** Number of threads the CPU backend uses. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into up to {@link #threads()} ranges, each at least
     * {@code grain} items long. The calling thread takes the first range itself. A failure in any
     * range is rethrown here once all ranges have finished.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = (int) Math.min(THREADS, (n + (long) Math.max(1, grain) - 1) / Math.max(1, grain));
        if (chunks <= 1 || POOL == null || SpinningPool.onWorker() || !POOL.tryStart()) {
            if (n > 0) body.run(0, n);
            return;
        }
        POOL.run(n, chunks, body);
    }
}
