package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jgrad.tensor.Backends;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The driver's current context is per host thread, and a new thread has none: every driver call
 * jgrad makes must first make the device's context current on the calling thread. The
 * conformance suite runs on the main thread only; training moves every epoch's batches to the
 * device on a fresh {@code jgrad-data-loader} thread, frees storages on the Cleaner's thread and
 * may copy from pool threads. Each test here does one of those on a thread that has never used
 * the device, and fails with {@code CUDA_ERROR_INVALID_CONTEXT} where a call skips the context.
 * Runs on a GPU and on the emulated device, which keeps the driver's per-thread rule.
 */
@Tag("cuda")
class CudaThreadingTest {
    private static final Device CUDA = Device.cuda(0);

    @BeforeEach
    void needsCuda() {
        String reason = CudaAvailability.unavailableReason();
        assumeTrue(reason == null, () -> "CUDA is unavailable: " + reason);
    }

    /** Runs body on a new thread named like the data loader's and rethrows what it threw. */
    private static void onNewThread(String name, ThrowingRunnable body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(60));
        if (t.isAlive()) throw new AssertionError("thread " + name + " did not finish within 60 s");
        if (failure.get() instanceof Exception e) throw e;
        if (failure.get() instanceof Error e) throw e;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aCachedBlockServedOnANewThreadIsZeroFilledInTheDevicesContext() throws Exception {
        // 12,345 floats: a size class no other test uses, so the new thread's request is a cache hit.
        NDArray first = NDArray.zeros(DType.FLOAT32, CUDA, 12_345);
        first.release();
        long hits = allocator().stats().cacheHits();
        onNewThread("jgrad-data-loader", () -> {
            NDArray reused = NDArray.zeros(DType.FLOAT32, CUDA, 12_345);
            assertEquals(0.0, reused.sum().item(), "the reused block is zero-filled");
            reused.release();
        });
        assertEquals(hits + 1, allocator().stats().cacheHits(), "the new thread's allocation came from the cache");
    }

    @Test
    void allocateFreeAndAllocateAgainOnANewThread() throws Exception {
        NDArray.zeros(DType.FLOAT32, CUDA, 1).release(); // the device is open
        onNewThread("jgrad-data-loader", () -> {
            for (int round = 0; round < 3; round++) {
                NDArray a = NDArray.arange(0, 1000, 1, DType.FLOAT32).to(CUDA);
                assertEquals(499_500.0, a.sum().item());
                a.release();
            }
            allocator().emptyCache(); // driver frees from this thread too
        });
    }

    @Test
    void copiesBothWaysFromAPoolThread() throws Exception {
        NDArray.zeros(DType.FLOAT32, CUDA, 1).release();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<float[]> copied = pool.submit(() -> {
                NDArray onDevice = NDArray.arange(0, 64, 1, DType.FLOAT32).to(CUDA);
                NDArray back = onDevice.mul(2.0).to(Device.CPU);
                onDevice.release();
                return back.toFloatArray();
            });
            float[] expected = new float[64];
            for (int i = 0; i < 64; i++) expected[i] = 2 * i;
            assertArrayEquals(expected, copied.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void blocksDroppedOnAnotherThreadComeBackThroughTheCleanerAndServeTheNextRequests() throws Exception {
        NDArray.zeros(DType.FLOAT32, CUDA, 1).release();
        onNewThread("worker", () -> {
            for (int i = 0; i < 20; i++) NDArray.zeros(DType.FLOAT32, CUDA, 4_321);
        });
        long before = allocator().stats().allocatedBytes();
        for (int attempt = 0; attempt < 100 && allocator().stats().allocatedBytes() >= before; attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(allocator().stats().allocatedBytes() < before, "the Cleaner's thread returned the dropped blocks");
        onNewThread("jgrad-data-loader", () -> {
            NDArray again = NDArray.zeros(DType.FLOAT32, CUDA, 4_321);
            assertEquals(0.0, again.sum().item());
            again.release();
            allocator().emptyCache();
        });
    }

    private static CachingAllocator<?> allocator() {
        return ((CudaBackend) Backends.of(CUDA)).cudaDevice().allocator();
    }
}
