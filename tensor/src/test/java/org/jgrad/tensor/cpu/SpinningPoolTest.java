package org.jgrad.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The spinning worker pool: every index once, ranges as documented, failures, sleep and wake-up, contention. */
class SpinningPoolTest {
    /** Runs one loop on {@code pool}, as {@link CpuParallel#forRange} does after a successful tryStart. */
    private static void loop(SpinningPool pool, int n, int chunks, CpuParallel.RangeBody body) {
        assertTrue(pool.tryStart(), "the pool is free");
        pool.run(n, chunks, body);
    }

    @Test
    void everyIndexRunsExactlyOnceInTheDocumentedRanges() {
        SpinningPool pool = new SpinningPool(3, 200_000);
        for (int n : new int[] {3, 4, 7, 1000}) {
            int[] hits = new int[n];
            ConcurrentHashMap<Integer, Integer> endByStart = new ConcurrentHashMap<>();
            loop(pool, n, 3, (s, e) -> {
                endByStart.put(s, e);
                for (int i = s; i < e; i++) hits[i]++;
            });
            int[] ones = new int[n];
            java.util.Arrays.fill(ones, 1);
            assertArrayEquals(ones, hits, "n = " + n);
            assertEquals(3, endByStart.size(), "three ranges of n = " + n);
            for (int c = 0; c < 3; c++) assertEquals(n * (c + 1) / 3, endByStart.get(n * c / 3), "range " + c + " of n = " + n);
        }
    }

    @Test
    void theCallerTakesRangeZeroAndTheWorkersTheRest() {
        SpinningPool pool = new SpinningPool(3, 200_000);
        ConcurrentHashMap<Integer, Thread> byRange = new ConcurrentHashMap<>();
        loop(pool, 3, 3, (s, e) -> byRange.put(s, Thread.currentThread()));
        assertSame(Thread.currentThread(), byRange.get(0));
        assertTrue(byRange.get(1).getName().startsWith("jgrad-cpu-"), byRange.get(1).getName());
        assertEquals(3, byRange.values().stream().distinct().count(), "three threads");
    }

    @Test
    void workersThatHaveGoneToSleepAreWokenForTheNextLoop() throws InterruptedException {
        SpinningPool pool = new SpinningPool(2, 0);     // no spinning: every loop finds the worker parked
        for (int round = 0; round < 200; round++) {
            long[] sums = new long[2];
            loop(pool, 100, 2, (s, e) -> { for (int i = s; i < e; i++) sums[s == 0 ? 0 : 1] += i; });
            assertEquals(4950, sums[0] + sums[1], "round " + round);
            if (round % 50 == 0) Thread.sleep(5);
        }
    }

    @Test
    void anIdleWorkerStopsSpinningAndSleeps() throws InterruptedException {
        SpinningPool pool = new SpinningPool(2, 1_000_000);     // spins 1 ms after each loop
        loop(pool, 2, 2, (s, e) -> {});
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (pool.workerState(0) != Thread.State.WAITING && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(Thread.State.WAITING, pool.workerState(0), "parked after its spin, so an idle process uses no CPU");
        int[] covered = new int[1];
        loop(pool, 10, 2, (s, e) -> { synchronized (covered) { covered[0] += e - s; } });
        assertEquals(10, covered[0], "and woken for the next loop");
    }

    @Test
    void aFailureInAWorkersRangeIsRethrownToTheCallerAfterEveryRangeEnds() {
        SpinningPool pool = new SpinningPool(2, 200_000);
        boolean[] callerFinished = new boolean[1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop(pool, 10, 2, (s, end) -> {
            if (s > 0) throw new IllegalArgumentException("conv2d forward: bad range " + s);
            callerFinished[0] = true;
        }));
        assertEquals("conv2d forward: bad range 5", e.getMessage());
        assertTrue(callerFinished[0]);
        int[] after = new int[1];
        loop(pool, 10, 2, (s, end) -> { synchronized (after) { after[0] += end - s; } });
        assertEquals(10, after[0], "the pool works after a failure");
    }

    @Test
    void aLoopNestedInTheCallersShareDoesNotGetThePool() {
        SpinningPool pool = new SpinningPool(2, 200_000);
        boolean[] nestedStarted = new boolean[1];
        loop(pool, 2, 2, (s, e) -> { if (s == 0) nestedStarted[0] = pool.tryStart(); });
        assertFalse(nestedStarted[0], "the caller already holds the pool");
        assertTrue(pool.tryStart(), "free again afterwards");
        pool.run(2, 2, (s, e) -> {});
    }

    @Test
    void aSecondThreadFindsThePoolBusyWhileALoopRuns() throws Exception {
        SpinningPool pool = new SpinningPool(2, 200_000);
        CountDownLatch inside = new CountDownLatch(1), checked = new CountDownLatch(1);
        AtomicReference<Boolean> otherGotIt = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                inside.await();
                otherGotIt.set(pool.tryStart());
                checked.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        loop(pool, 2, 2, (s, e) -> {
            if (s != 0) return;
            inside.countDown();
            try {
                checked.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        other.join();
        assertFalse(otherGotIt.get());
    }

    @Test
    void forRangeFromManyThreadsAtOnceCoversEveryIndex() throws Exception {
        Thread[] threads = new Thread[4];
        long[] totals = new long[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int me = t;
            threads[t] = new Thread(() -> {
                for (int round = 0; round < 300; round++) {
                    long[] parts = new long[CpuParallel.threads()];
                    CpuParallel.forRange(1000, 1, (s, e) -> {
                        long sum = 0;
                        for (int i = s; i < e; i++) sum += i;
                        parts[(int) ((long) s * parts.length / 1000)] = sum;
                    });
                    for (long p : parts) totals[me] += p;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        for (long total : totals) assertEquals(300L * 499_500, total);
    }
}
