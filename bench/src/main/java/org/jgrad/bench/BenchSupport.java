package org.jgrad.bench;

import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.Simd;

/** Helpers of the jgrad benchmarks: seeded float32 inputs and a guard against a JVM without the Vector API. */
final class BenchSupport {
    private BenchSupport() {}

    /** A contiguous float32 array of the given shape filled from {@link Workloads#randomFloats}. */
    static NDArray randomArray(long seed, int... shape) {
        int count = 1;
        for (int d : shape) count = Math.multiplyExact(count, d);
        return NDArray.of(Workloads.randomFloats(seed, count)).reshape(shape);
    }

    /**
     * Fails the trial when the CPU backend would silently fall back to its plain Java kernels because
     * the fork was started without {@code --add-modules jdk.incubator.vector}; an explicit
     * {@code -Djgrad.simd=false} is respected.
     */
    static void requireVectorApi() {
        String reason = Simd.unavailableReason();
        if (reason != null && !reason.startsWith("disabled"))
            throw new IllegalStateException("jgrad benchmark without the Vector API: " + reason);
    }
}
