package org.jgrad.cuda;

/**
 * A snapshot of the caching allocator's counters, PyTorch's {@code memory_stats} in small.
 *
 * @param allocatedBytes bytes held by live storages (rounded to size classes)
 * @param reservedBytes  bytes obtained from the driver: allocated plus cached
 * @param peakAllocatedBytes the highest {@code allocatedBytes} since the last {@code resetPeak}
 * @param driverAllocations how many times the driver was asked for memory
 * @param requests       how many blocks were handed out in all
 * @param cacheHits      how many of those came from the cache without a driver call
 */
public record AllocatorStats(long allocatedBytes, long reservedBytes, long peakAllocatedBytes,
                             long driverAllocations, long requests, long cacheHits) {
    @Override
    public String toString() {
        return "allocated " + mib(allocatedBytes) + ", reserved " + mib(reservedBytes) + ", peak " + mib(peakAllocatedBytes)
                + ", " + driverAllocations + " driver allocations, " + cacheHits + "/" + requests + " requests served from the cache";
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
