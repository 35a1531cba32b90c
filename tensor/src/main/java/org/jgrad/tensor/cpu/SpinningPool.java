package org.jgrad.tensor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker threads behind {@link CpuParallel}: {@code threads − 1} of them, each running the
 * same share of every loop (worker {@code w} always takes range {@code w + 1}; the caller takes
 * range 0), and each spinning for a while after its share before it parks.
 *
 * <h2>Why spin</h2>
 * A training step of a small CNN is a few hundred parallel loops, each a few to a few hundred
 * microseconds long, back to back. Handing a loop to a parked thread costs a futex wake-up on the
 * way in and another on the way out: on the 2-core development VM an empty two-way loop through a
 * {@link java.util.concurrent.ForkJoinPool} took 37 µs, and a 36 µs loop took 74 µs on two threads,
 * slower than on one (measured 2026-12-07). A worker that is still spinning sees the next loop
 * within a fraction of a microsecond, and so does a caller that spins on the loop's completion.
 * After {@link #spinNanos} without work a worker parks, so an idle process costs nothing; OpenMP
 * runtimes wait the same way (spin, then sleep).
 *
 * <h2>Handshakes</h2>
 * Both sleeps use the same two-flag handshake on volatiles, so that no wake-up is lost: the
 * sleeper announces itself ({@code parked} / {@code waiter}), then checks its condition once more
 * before it parks; the waker changes the condition, then reads the announcement and unparks. With
 * volatile accesses (sequentially consistent) at least one of the two sees the other's write.
 *
 * <h2>One loop at a time</h2>
 * The pool runs one loop at a time, taken by {@link #tryStart}; a loop started while another runs
 * (from a second thread, or nested in the caller's own share) does not get the pool and runs on its
 * caller alone. That is always allowed: every kernel gives the same bits for any split.
 */
final class SpinningPool {
    private final Worker[] workers;
    private final long spinNanos;
    private final ReentrantLock running = new ReentrantLock();

    SpinningPool(int threads, long spinNanos) {
        this.spinNanos = spinNanos;
        workers = new Worker[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w + 1);
            workers[w].start();
        }
    }

    /** The state of worker {@code w} (for the tests: WAITING once it has gone to sleep). */
    Thread.State workerState(int w) {
        return workers[w].getState();
    }

    /** Whether the current thread is one of the workers (whose nested loops run inline). */
    static boolean onWorker() {
        return Thread.currentThread() instanceof Worker;
    }

    /** Takes the pool for one loop, or returns false when it is busy or already the caller's. */
    boolean tryStart() {
        return !running.isHeldByCurrentThread() && running.tryLock();
    }

    /**
     * Runs {@code body} over {@code [0, n)} in {@code chunks} contiguous ranges (2 ≤ chunks ≤ the
     * workers + 1), range 0 on the calling thread, after a successful {@link #tryStart}.
     * Returns when every range has finished; the first failure of any range is then rethrown.
     */
    void run(int n, int chunks, CpuParallel.RangeBody body) {
        try {
            Loop loop = new Loop(n, chunks, body);
            for (int w = 0; w < chunks - 1; w++) workers[w].assign(loop);
            loop.runRange(0);
            loop.awaitOthers(spinNanos);
            loop.rethrowFailure();
        } finally {
            running.unlock();
        }
    }

    /** One parallel loop: its ranges, how many are still running, the first failure. */
    private static final class Loop {
        final int n, chunks;
        final CpuParallel.RangeBody body;
        /** Ranges not yet finished by the workers (range 0 is the caller's and not counted). */
        final AtomicInteger pending;
        volatile Thread waiter;
        volatile Throwable failure;

        Loop(int n, int chunks, CpuParallel.RangeBody body) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            pending = new AtomicInteger(chunks - 1);
        }

        /** Range c of the loop: {@code [n·c/chunks, n·(c+1)/chunks)}. */
        void runRange(int c) {
            try {
                body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            } catch (Throwable t) {
                if (failure == null) failure = t;
            }
        }

        /** A worker's range is done; the last one wakes the caller if it went to sleep. */
        void finishOne() {
            if (pending.decrementAndGet() == 0) {
                Thread w = waiter;
                if (w != null) LockSupport.unpark(w);
            }
        }

        void awaitOthers(long spinNanos) {
            long deadline = System.nanoTime() + spinNanos;
            while (pending.get() > 0) {
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    continue;
                }
                waiter = Thread.currentThread();
                if (pending.get() > 0) LockSupport.park(this);
            }
        }

        void rethrowFailure() {
            Throwable t = failure;
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException("parallel loop failed", t);
        }
    }

    /** A daemon thread that runs range {@code range} of each loop assigned to it. */
    private final class Worker extends Thread {
        private final int range;
        private volatile Loop assigned;
        private volatile boolean parked;

        Worker(int range) {
            super("jgrad-cpu-" + range);
            this.range = range;
            setDaemon(true);
        }

        void assign(Loop loop) {
            assigned = loop;
            if (parked) LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Loop loop = awaitLoop();
                assigned = null;            // cleared before finishing: the next loop is assigned only after this one ends
                loop.runRange(range);
                loop.finishOne();
            }
        }

        private Loop awaitLoop() {
            long deadline = System.nanoTime() + spinNanos;
            Loop loop;
            while ((loop = assigned) == null) {
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (assigned == null) LockSupport.park(this);
                parked = false;
            }
            return loop;
        }
    }
}
