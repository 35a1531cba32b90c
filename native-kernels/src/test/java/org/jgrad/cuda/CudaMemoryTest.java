package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.jgrad.tensor.Backends;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.MemoryScope;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Device memory comes back: at once on {@link NDArray#release}, when a {@link MemoryScope} closes,
 * and when the garbage collector finds arrays unreachable; freed blocks are reused from the cache.
 * Needs a GPU; skipped with the reason elsewhere.
 */
@Tag("cuda")
class CudaMemoryTest {
    private CachingAllocator<?> allocator;

    @BeforeEach
    void needsAGpu() throws InterruptedException {
        String reason = CudaAvailability.unavailableReason();
        assumeTrue(reason == null, () -> "CUDA is unavailable: " + reason);
        allocator = ((CudaBackend) Backends.of(Device.cuda(0))).cudaDevice().allocator();
        settle();
    }

    /** Lets the garbage collector return what earlier tests dropped, so each test starts from a steady count. */
    private void settle() throws InterruptedException {
        long previous = -1;
        for (int attempt = 0; attempt < 50 && allocator.stats().allocatedBytes() != previous; attempt++) {
            previous = allocator.stats().allocatedBytes();
            System.gc();
            Thread.sleep(20);
        }
    }

    @Test
    void releaseReturnsTheBlockAtOnceAndTheNextAllocationReusesIt() {
        long before = allocator.stats().allocatedBytes();
        NDArray a = NDArray.zeros(DType.FLOAT32, Device.cuda(0), 1000, 1000);
        assertEquals(before + CachingAllocator.sizeClass(4_000_000), allocator.stats().allocatedBytes());
        a.release();
        assertEquals(before, allocator.stats().allocatedBytes());
        long hits = allocator.stats().cacheHits(), driver = allocator.stats().driverAllocations();
        NDArray b = NDArray.zeros(DType.FLOAT32, Device.cuda(0), 1000, 1000);
        assertEquals(hits + 1, allocator.stats().cacheHits());
        assertEquals(driver, allocator.stats().driverAllocations());
        assertEquals(0.0, b.sum().item(), "a reused block is zero-filled again");
        b.release();
    }

    @Test
    void aScopeReleasesItsTemporariesAndKeepsWhatItIsTold() {
        long before = allocator.stats().allocatedBytes();
        NDArray kept;
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray x = NDArray.rand(new org.jgrad.tensor.random.Generator(1), DType.FLOAT32, Device.cuda(0), 512, 512);
            kept = scope.keep(x.matmul(x).relu().sum());
            assertTrue(allocator.stats().allocatedBytes() > before);
        }
        assertEquals(before + CachingAllocator.sizeClass(4), allocator.stats().allocatedBytes(), "only the kept scalar is left");
        assertTrue(Double.isFinite(kept.item()));
        kept.release();
        assertEquals(before, allocator.stats().allocatedBytes());
    }

    @Test
    void unreachableArraysComeBackAfterGarbageCollection() throws InterruptedException {
        long before = allocator.stats().allocatedBytes();
        for (int i = 0; i < 50; i++) NDArray.zeros(DType.FLOAT32, Device.cuda(0), 256, 1024);
        for (int attempt = 0; attempt < 100 && allocator.stats().allocatedBytes() > before; attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(before, allocator.stats().allocatedBytes(), "the cleaner returned every dropped array's block");
        allocator.emptyCache();
        assertEquals(allocator.stats().allocatedBytes(), allocator.stats().reservedBytes(), "emptyCache leaves only live blocks reserved");
    }
}
