package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The caching allocator's size classes, reuse, statistics and out-of-memory handling, over a fake device. */
class CachingAllocatorTest {
    /** A device with a fixed capacity that records every driver call. */
    static final class FakeDevice implements DeviceMemory<long[]> {
        final long capacity;
        long used;
        final List<long[]> live = new ArrayList<>();
        int frees;

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long[] allocate(long bytes) {
            if (used + bytes > capacity) throw new OutOfDeviceMemory("fake device full: " + used + " + " + bytes + " > " + capacity);
            used += bytes;
            long[] handle = {bytes};
            live.add(handle);
            return handle;
        }

        @Override
        public void free(long[] handle) {
            assertTrue(live.remove(handle), "freed a handle that is not live");
            used -= handle[0];
            frees++;
        }
    }

    @Test
    void sizeClassesRoundSmallRequestsTo512BytesAndLargeOnesTo2MiB() {
        assertEquals(512, CachingAllocator.sizeClass(0));
        assertEquals(512, CachingAllocator.sizeClass(1));
        assertEquals(512, CachingAllocator.sizeClass(512));
        assertEquals(1024, CachingAllocator.sizeClass(513));
        assertEquals(1 << 20, CachingAllocator.sizeClass(1 << 20));
        assertEquals(2 << 20, CachingAllocator.sizeClass((1 << 20) + 1));
        assertEquals(4 << 20, CachingAllocator.sizeClass((2 << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.sizeClass(-1));
    }

    @Test
    void aReleasedBlockServesTheNextRequestOfItsClassWithoutADriverCall() {
        FakeDevice device = new FakeDevice(1 << 30);
        CachingAllocator<long[]> allocator = new CachingAllocator<>(device);
        CachingAllocator.Block<long[]> first = allocator.allocate(1000);
        allocator.release(first);
        CachingAllocator.Block<long[]> again = allocator.allocate(1020); // same 1024-byte class
        assertSame(first.handle(), again.handle());
        CachingAllocator.Block<long[]> other = allocator.allocate(2000); // another class: a new allocation
        assertNotSame(first.handle(), other.handle());
        AllocatorStats s = allocator.stats();
        assertEquals(2, s.driverAllocations());
        assertEquals(3, s.requests());
        assertEquals(1, s.cacheHits());
        assertEquals(1024 + 2048, s.allocatedBytes());
        assertEquals(1024 + 2048, s.reservedBytes());
    }

    @Test
    void statisticsTrackAllocatedReservedAndPeakAndEmptyCacheReturnsCachedMemory() {
        FakeDevice device = new FakeDevice(1 << 30);
        CachingAllocator<long[]> allocator = new CachingAllocator<>(device);
        var a = allocator.allocate(3 << 20); // 4 MiB class
        var b = allocator.allocate(100);     // 512 B class
        allocator.release(a);
        AllocatorStats s = allocator.stats();
        assertEquals(512, s.allocatedBytes());
        assertEquals((4 << 20) + 512, s.reservedBytes());
        assertEquals((4 << 20) + 512, s.peakAllocatedBytes());
        allocator.emptyCache();
        assertEquals(512, allocator.stats().reservedBytes());
        assertEquals(1, device.frees);
        assertEquals(512, device.used);
        allocator.resetPeak();
        assertEquals(512, allocator.stats().peakAllocatedBytes());
        allocator.release(b);
        allocator.emptyCache();
        assertEquals(0, device.used, "every byte back to the device");
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetriesOnce() {
        FakeDevice device = new FakeDevice(6 << 20);
        CachingAllocator<long[]> allocator = new CachingAllocator<>(device);
        allocator.release(allocator.allocate(4 << 20)); // 4 MiB cached
        var big = allocator.allocate(5 << 20);          // 6 MiB class: fits only after the cache is emptied
        assertEquals(6 << 20, big.bytes());
        assertEquals(1, device.frees);
    }

    @Test
    void outOfMemoryAfterTheRetryNamesTheRequestAndTheStatistics() {
        FakeDevice device = new FakeDevice(4 << 20);
        CachingAllocator<long[]> allocator = new CachingAllocator<>(device, 50);
        var held = allocator.allocate(3 << 20); // reachable: no collection frees it
        var e = assertThrows(DeviceMemory.OutOfDeviceMemory.class, () -> allocator.allocate(3 << 20));
        assertTrue(e.getMessage().contains("could not allocate 4.0 MiB (requested 3145728 bytes)"), e.getMessage());
        assertTrue(e.getMessage().contains("garbage collection"), e.getMessage());
        assertTrue(e.getMessage().contains("allocated 4.0 MiB, reserved 4.0 MiB, peak 4.0 MiB"), e.getMessage());
        assertTrue(e.getMessage().contains("fake device full"), e.getMessage());
        assertEquals(4 << 20, allocator.stats().allocatedBytes(), "a failed request changes nothing");
        assertEquals(1, allocator.stats().requests());
        assertEquals(4 << 20, held.bytes());
    }

    /** As CudaStorage registers its blocks: a Cleaner action that holds the allocator and the block, never the owner. */
    private static final Cleaner CLEANER = Cleaner.create();

    /** An owner of {@code block}, as a CudaStorage is, registered with the cleaner and dropped at once. */
    private static void dropAnOwner(CachingAllocator<long[]> allocator, CachingAllocator.Block<long[]> block) {
        Object owner = new Object();
        CLEANER.register(owner, () -> allocator.release(block));
    }

    /**
     * The device is full, the cache is empty, and the only memory to be had is a block whose owner
     * is unreachable: the allocation succeeds only if the allocator lets the garbage collector run,
     * waits for the cleaner's release (which takes the allocator's lock, so the wait must not hold
     * it) and then empties the cache (the released block is of another class) and retries.
     */
    @Test
    void outOfMemoryCollectsUnreachableArraysAndRetries() {
        FakeDevice device = new FakeDevice(6 << 20);
        CachingAllocator<long[]> allocator = new CachingAllocator<>(device);
        dropAnOwner(allocator, allocator.allocate(3 << 20)); // 4 MiB class, unreachable
        long start = System.nanoTime();
        var big = allocator.allocate(5 << 20);                // 6 MiB class: room only once the 4 MiB block is back
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(6 << 20, big.bytes());
        assertEquals(1, device.frees, "the released block went back to the device");
        AllocatorStats s = allocator.stats();
        assertEquals(6 << 20, s.allocatedBytes());
        assertEquals(6 << 20, s.reservedBytes());
        assertEquals(2, s.requests());
        assertTrue(waitedMillis < CachingAllocator.GC_WAIT_MILLIS, "the release ended the wait, after " + waitedMillis + " ms");
    }

    /** The same, when the released block has the request's class: the cache serves it, nothing goes back to the device. */
    @Test
    void aBlockTheCleanerReleasesServesAWaitingRequestOfItsClass() throws Exception {
        FakeDevice device = new FakeDevice(4 << 20);
        CachingAllocator<long[]> allocator = new CachingAllocator<>(device);
        dropAnOwner(allocator, allocator.allocate(3 << 20));
        // from another thread, as the data loader's allocations are
        CompletableFuture<CachingAllocator.Block<long[]>> got = CompletableFuture.supplyAsync(() -> allocator.allocate(4 << 20),
                r -> new Thread(r, "jgrad-test-allocating").start());
        assertEquals(4 << 20, got.get(10, TimeUnit.SECONDS).bytes());
        assertEquals(0, device.frees);
        assertEquals(1, allocator.stats().cacheHits());
    }
}
