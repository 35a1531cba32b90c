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
 * <p>When the device is full: (1) the cache is emptied and the allocation retried; (2) if the
 * device is still full, the garbage collector is asked to run ({@link System#gc()}), since arrays
 * the program dropped without closing them hold their blocks until their storage's
 * {@link java.lang.ref.Cleaner} action returns them ({@link CudaStorage}); the allocator waits for
 * such releases, at most {@link #GC_WAIT_MILLIS} ms, and after each one takes a block of the
 * request's class from the cache or empties the cache and asks the device again; (3) if that
 * fails too, the error names the request and the statistics (allocated, reserved, peak). A JVM
 * started with {@code -XX:+DisableExplicitGC} skips the collection and so only waits.
 *
 * <p>Thread-safe: every method takes the allocator's lock, and {@link #release} is called from
 * the cleaner's thread too. The lock is never held while waiting for that thread: the collection
 * is requested before the lock is taken, and the wait is {@link Object#wait(long)} on the
 * allocator itself, which gives the lock up until {@link #release} (holding it) calls
 * {@link Object#notifyAll()}. Holding the lock through a sleep instead would block the very
 * releases being waited for, and every other thread's allocations with them.
 *
 * @param <H> the handle of one device allocation
 */
public final class CachingAllocator<H> {
    static final long SMALL_LIMIT = 1L << 20;
    static final long SMALL_GRANULE = 512;
    static final long LARGE_GRANULE = 2L << 20;
    /** How long an allocation that found the device full waits for the garbage collector's releases. */
    static final long GC_WAIT_MILLIS = 1000;
    /** The longest single wait between two looks at the cache (a release wakes the waiter at once). */
    private static final long WAIT_STEP_MILLIS = 20;

    /** A block handed out by {@link #allocate}: the device allocation and its class size. */
    public record Block<H>(H handle, long bytes) {}

    private final DeviceMemory<H> memory;
    private final long gcWaitMillis;
    private final boolean exactSizes;
    private final TreeMap<Long, ArrayDeque<H>> cached = new TreeMap<>();
    private long allocated, reserved, peak, driverAllocations, requests, cacheHits;
    /** Blocks given back by {@link #release} since start: how a waiting allocation sees the cleaner's progress. */
    private long releases;
    /** The driver's message of the last failed device allocation, for the error. */
    private String lastDeviceFailure = "";

    public CachingAllocator(DeviceMemory<H> memory) {
        this(memory, GC_WAIT_MILLIS, false);
    }

    /** @param exactSizes blocks of exactly the requested size (at least 1 byte) instead of {@link #sizeClass}'s */
    public CachingAllocator(DeviceMemory<H> memory, boolean exactSizes) {
        this(memory, GC_WAIT_MILLIS, exactSizes);
    }

    /** With another bound on the wait for the garbage collector (tests). */
    CachingAllocator(DeviceMemory<H> memory, long gcWaitMillis) {
        this(memory, gcWaitMillis, false);
    }

    private CachingAllocator(DeviceMemory<H> memory, long gcWaitMillis, boolean exactSizes) {
        this.memory = memory;
        this.gcWaitMillis = gcWaitMillis;
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

    /**
     * A block of at least {@code bytes} bytes, from the cache when one of its class is free, else
     * from the device; when the device is full, after emptying the cache and then after a garbage
     * collection (see the class comment).
     *
     * @throws DeviceMemory.OutOfDeviceMemory when none of that makes room
     */
    public Block<H> allocate(long bytes) {
        long size = blockSize(bytes);
        Block<H> block = allocateNow(size);
        if (block == null) block = allocateAfterCollecting(size);
        if (block == null) {
            synchronized (this) {
                throw new DeviceMemory.OutOfDeviceMemory("CUDA out of memory: could not allocate " + AllocatorStats.mib(size)
                        + " (requested " + bytes + " bytes) even after emptying the cache and a garbage collection (waited up to "
                        + gcWaitMillis + " ms for unreachable arrays to be released); " + stats() + " (" + lastDeviceFailure + ")");
            }
        }
        return block;
    }

    /** Returns a block to the cache; its memory stays reserved until {@link #emptyCache}. Wakes an allocation waiting for room. */
    public synchronized void release(Block<H> block) {
        allocated -= block.bytes();
        cached.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block.handle());
        releases++;
        notifyAll();
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

    /** A block of class {@code size} from the cache, else from the device, else from the device after emptying the cache; null when it stays full. */
    private synchronized Block<H> allocateNow(long size) {
        H handle = takeCached(size);
        if (handle != null) {
            cacheHits++;
        } else {
            handle = allocateFromDevice(size);
            if (handle == null) return null;
            reserved += size;
            driverAllocations++;
        }
        requests++;
        allocated += size;
        peak = Math.max(peak, allocated);
        return new Block<>(handle, size);
    }

    /**
     * Step (2) of the class comment: a collection, then {@link #allocateNow} again after every
     * release the cleaner makes, until it succeeds or {@link #gcWaitMillis} have passed (null then).
     */
    private Block<H> allocateAfterCollecting(long size) {
        System.gc(); // without the lock: the cleaner's releases need it
        long deadline = System.nanoTime() + gcWaitMillis * 1_000_000;
        synchronized (this) {
            long seen = -1;
            while (true) {
                if (releases != seen) {
                    seen = releases;
                    Block<H> block = allocateNow(size);
                    if (block != null) return block;
                }
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMillis <= 0) return null;
                try {
                    wait(Math.min(WAIT_STEP_MILLIS, leftMillis)); // gives the lock up; release() wakes it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    private H takeCached(long size) {
        ArrayDeque<H> list = cached.get(size);
        if (list == null || list.isEmpty()) return null;
        H handle = list.pop();
        if (list.isEmpty()) cached.remove(size);
        return handle;
    }

    /** A device allocation, retried once after emptying the cache; null when the device stays full. Holds the lock. */
    private H allocateFromDevice(long size) {
        try {
            return memory.allocate(size);
        } catch (DeviceMemory.OutOfDeviceMemory first) {
            lastDeviceFailure = first.getMessage();
        }
        if (cached.isEmpty()) return null;
        emptyCache();
        try {
            return memory.allocate(size);
        } catch (DeviceMemory.OutOfDeviceMemory again) {
            lastDeviceFailure = again.getMessage();
            return null;
        }
    }
}
