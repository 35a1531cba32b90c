package org.jgrad.cuda;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * A caching device allocator. Device allocations ({@code cudaMalloc}) are slow and synchronize
 * the device, so freed blocks are kept in a cache keyed by size class and handed out again.
 *
 * <p>Size classes: a request of {@code n} bytes is rounded up to a multiple of 512 bytes when
 * {@code n <= 1 MiB}, else to a multiple of 2 MiB; a freed block waits in the list of its class
 * and serves the next request of that class. With one stream, reuse is safe without events: a
 * block freed after kernels were enqueued is only handed to kernels enqueued later on the same
 * stream.
 *
 * <p>Exact sizes: an allocator made with {@code exactSizes} gives every block exactly the bytes
 * asked for (cached blocks serve requests of the same size only). The emulated device uses it, so
 * that the guard page after each of its allocations sits right after the array's last element and
 * a one-past access faults instead of landing in a size class's slack.
 *
 * <p>When the device is full, the cache is emptied and the allocation retried once; if it fails
 * again the error carries the statistics. Thread-safe: storages are released from the
 * garbage collector's cleaner thread too (which only moves blocks into the cache).
 *
 * @param <H> the handle of one device allocation
 */
public final class CachingAllocator<H> {
    static final long SMALL_LIMIT = 1L << 20;
    static final long SMALL_GRANULE = 512;
    static final long LARGE_GRANULE = 2L << 20;

    /** A block handed out by {@link #allocate}: the device allocation and its class size. */
    public record Block<H>(H handle, long bytes) {}

    private final DeviceMemory<H> memory;
    private final boolean exactSizes;
    private final TreeMap<Long, ArrayDeque<H>> cached = new TreeMap<>();
    private long allocated, reserved, peak, driverAllocations, requests, cacheHits;

    public CachingAllocator(DeviceMemory<H> memory) {
        this(memory, false);
    }

    /** @param exactSizes blocks of exactly the requested size (at least 1 byte) instead of {@link #sizeClass}'s */
    public CachingAllocator(DeviceMemory<H> memory, boolean exactSizes) {
        this.memory = memory;
        this.exactSizes = exactSizes;
    }

    /** The size of the block that serves a request of {@code bytes}: its {@link #sizeClass}, or exactly {@code bytes}. */
    public long blockSize(long bytes) {
        if (!exactSizes) return sizeClass(bytes);
        if (bytes < 0) throw new IllegalArgumentException("cannot allocate " + bytes + " bytes");
        return Math.max(1, bytes);
    }

    /** The size class of a request: what a block serving it really holds. */
    public static long sizeClass(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("cannot allocate " + bytes + " bytes");
        long granule = bytes <= SMALL_LIMIT ? SMALL_GRANULE : LARGE_GRANULE;
        return Math.max(granule, (bytes + granule - 1) / granule * granule);
    }

    /** A block of at least {@code bytes} bytes, from the cache when one of its class is free. */
    public synchronized Block<H> allocate(long bytes) {
        long size = blockSize(bytes);
        requests++;
        H handle = takeCached(size);
        if (handle != null) {
            cacheHits++;
        } else {
            handle = allocateFromDevice(size, bytes);
            reserved += size;
            driverAllocations++;
        }
        allocated += size;
        peak = Math.max(peak, allocated);
        return new Block<>(handle, size);
    }

    /** Returns a block to the cache; its memory stays reserved until {@link #emptyCache}. */
    public synchronized void release(Block<H> block) {
        allocated -= block.bytes();
        cached.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block.handle());
    }

    /** Gives every cached block back to the driver (PyTorch's {@code torch.cuda.empty_cache()}). */
    public synchronized void emptyCache() {
        for (Map.Entry<Long, ArrayDeque<H>> e : cached.entrySet()) {
            for (H handle : e.getValue()) {
                memory.free(handle);
                reserved -= e.getKey();
            }
        }
        cached.clear();
    }

    /** Whether the block with this handle waits in the cache (released, not yet given back to the driver). */
    public synchronized boolean isCached(H handle) {
        for (ArrayDeque<H> list : cached.values())
            if (list.contains(handle)) return true;
        return false;
    }

    public synchronized AllocatorStats stats() {
        return new AllocatorStats(allocated, reserved, peak, driverAllocations, requests, cacheHits);
    }

    /** Starts a new peak measurement from the current allocation. */
    public synchronized void resetPeak() {
        peak = allocated;
    }

    private H takeCached(long size) {
        ArrayDeque<H> list = cached.get(size);
        if (list == null || list.isEmpty()) return null;
        H handle = list.pop();
        if (list.isEmpty()) cached.remove(size);
        return handle;
    }

    private H allocateFromDevice(long size, long requested) {
        try {
            return memory.allocate(size);
        } catch (DeviceMemory.OutOfDeviceMemory first) {
            emptyCache();
            try {
                return memory.allocate(size);
            } catch (DeviceMemory.OutOfDeviceMemory again) {
                throw new DeviceMemory.OutOfDeviceMemory("CUDA out of memory: could not allocate " + AllocatorStats.mib(size)
                        + " (requested " + requested + " bytes) even after emptying the cache; " + stats()
                        + " (" + again.getMessage() + ")");
            }
        }
    }
}
