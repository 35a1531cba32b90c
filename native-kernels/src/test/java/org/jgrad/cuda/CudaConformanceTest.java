package org.jgrad.cuda;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * The conformance suite on {@code cuda:0}: every Backend primitive against the CPU backend on
 * fresh random inputs. Without a usable GPU every case is skipped with {@link CudaAvailability}'s
 * reason. Ops without a kernel run on the host ({@link HostFallback}): correct, and counted; the
 * counts are printed (and written to {@code -Djgrad.fallbacks.file}) when the suite ends. Run it
 * with {@code -Djgrad.cuda.sync=true} so a failing kernel is named at its launch.
 */
@Tag("cuda")
class CudaConformanceTest implements CopyFillConformance, ElementwiseConformance, ReductionConformance, MatmulConformance,
        ConvolutionConformance, PoolingConformance, IndexingConformance,
        RandomAndOptimizerConformance, OnCudaDevice {

    @AfterAll
    static void reportHostFallbacks() {
        FallbackReport.publish(HostFallback.counts());
    }
}
