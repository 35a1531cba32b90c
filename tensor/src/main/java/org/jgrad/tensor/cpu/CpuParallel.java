package org.jgrad.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The one thread pool of the CPU backend. Work is split into at most {@link #threads()} contiguous
 * ranges; small work (fewer than {@code grain} items per thread) stays on the calling thread, and
 * calls made from inside a parallel loop (in the pool, or in the calling thread's own share) run
 * inline, so nested parallel loops never oversubscribe: at most {@link #threads()} threads compute.
 *
 * <p>The thread count is {@code -Djgrad.threads=N}, default the number of available processors.
 */
public final class CpuParallel {
    /** The body of a parallel loop: handles items {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static final int THREADS = Math.max(1,
            Integer.getInteger("jgrad.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;
    /** True on a thread outside the pool while it runs its own share of a parallel loop. */
    private static final ThreadLocal<boolean[]> IN_LOOP = ThreadLocal.withInitial(() -> new boolean[1]);

    private CpuParallel() {}

    /** Number of threads the CPU backend uses. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into up to {@link #threads()} ranges, each at least
     * {@code grain} items long. The calling thread takes the first range itself.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = (int) Math.min(THREADS, (n + (long) Math.max(1, grain) - 1) / Math.max(1, grain));
        boolean[] inLoop = chunks <= 1 || POOL == null || ForkJoinTask.inForkJoinPool() ? null : IN_LOOP.get();
        if (inLoop == null || inLoop[0]) {
            if (n > 0) body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int start = (int) ((long) n * c / chunks), end = (int) ((long) n * (c + 1) / chunks);
            tasks[c - 1] = POOL.submit(() -> body.run(start, end));
        }
        inLoop[0] = true;   // loops nested in the caller's own share run inline too, as they do in the pool's
        try {
            body.run(0, (int) ((long) n / chunks));
        } finally {
            inLoop[0] = false;
        }
        for (ForkJoinTask<?> task : tasks) task.join();
    }
}
