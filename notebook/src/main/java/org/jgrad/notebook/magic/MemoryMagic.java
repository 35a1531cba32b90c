package org.jgrad.notebook.magic;

import java.util.Locale;
import org.jgrad.cuda.AllocatorStats;
import org.jgrad.cuda.CudaAvailability;
import org.jgrad.cuda.CudaBackend;
import org.jgrad.tensor.Backend;
import org.jgrad.tensor.Backends;
import org.jgrad.tensor.Device;

/**
 * {@code %memory}: for every device, how much memory jgrad holds. The CPU's arrays live in the Java
 * heap, so its row is the heap (used, committed, maximum); a CUDA device's row is its caching
 * allocator's: allocated (held by live arrays), reserved (obtained from the driver: allocated plus
 * cached) and the peak of allocated. {@code %empty_cache}: collects garbage, so that arrays no
 * longer referenced return their blocks, then gives every cached block back to the driver,
 * PyTorch's {@code torch.cuda.empty_cache()} after {@code gc.collect()}.
 */
final class MemoryMagic {
    private static final double MIB = 1024.0 * 1024.0;

    private MemoryMagic() {}

    static String report() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %12s %12s %12s%n", "device", "allocated", "reserved", "peak"));
        Runtime rt = Runtime.getRuntime();
        sb.append(String.format(Locale.ROOT, "%-8s %12s %12s %12s   (Java heap: used, committed; maximum %s)%n", "cpu",
                mib(rt.totalMemory() - rt.freeMemory()), mib(rt.totalMemory()), "-", mib(rt.maxMemory())));
        boolean any = false;
        for (Backend b : Backends.opened()) {
            if (!(b instanceof CudaBackend cuda)) continue;
            any = true;
            AllocatorStats s = cuda.cudaDevice().allocator().stats();
            sb.append(String.format(Locale.ROOT, "%-8s %12s %12s %12s%n", b.device(), mib(s.allocatedBytes()), mib(s.reservedBytes()),
                    mib(s.peakAllocatedBytes())));
        }
        if (!any) {
            String reason = CudaAvailability.unavailableReason();
            sb.append(reason != null ? "cuda: unavailable (" + reason + ")" : "cuda: no array on a CUDA device yet in this kernel");
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    static String emptyCache() {
        for (int i = 0; i < 3; i++) {   // the Cleaner frees a collected array's block on its own thread, just after the collection
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Backend b : Backends.opened()) {
            if (!(b instanceof CudaBackend cuda)) continue;
            var allocator = cuda.cudaDevice().allocator();
            long before = allocator.stats().reservedBytes();
            allocator.emptyCache();
            AllocatorStats after = allocator.stats();
            sb.append(String.format(Locale.ROOT, "%s: reserved %s -> %s (%s still allocated by live arrays)%n", b.device(),
                    mib(before), mib(after.reservedBytes()), mib(after.allocatedBytes())));
        }
        Runtime rt = Runtime.getRuntime();
        sb.append(String.format(Locale.ROOT, "%s: garbage collected; Java heap used %s", Device.CPU, mib(rt.totalMemory() - rt.freeMemory())));
        return sb.toString();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
    }
}
