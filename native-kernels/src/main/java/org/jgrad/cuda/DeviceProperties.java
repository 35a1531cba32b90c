package org.jgrad.cuda;

/**
 * What {@code jgrad info} and the benchmarks report about a CUDA device.
 *
 * @param index              the device ordinal
 * @param name               e.g. "NVIDIA H100 80GB HBM3"
 * @param computeCapability  major·10 + minor, e.g. 90
 * @param multiprocessors    streaming multiprocessors
 * @param totalMemoryBytes   global memory
 * @param clockKhz           the SM clock the driver reports
 * @param memoryClockKhz     the memory clock
 * @param memoryBusWidthBits the memory bus width
 */
public record DeviceProperties(int index, String name, int computeCapability, int multiprocessors, long totalMemoryBytes,
                               int clockKhz, int memoryClockKhz, int memoryBusWidthBits) {
    /** One line, e.g. "cuda:0 NVIDIA H100 (sm_90, 132 SMs, 79.6 GiB)". */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "cuda:%d %s (sm_%d, %d SMs, %.1f GiB, %d MHz)", index, name, computeCapability,
                multiprocessors, totalMemoryBytes / (1024.0 * 1024 * 1024), clockKhz / 1000);
    }
}
