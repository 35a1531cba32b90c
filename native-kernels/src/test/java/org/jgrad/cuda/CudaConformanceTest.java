package org.jgrad.cuda;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The conformance suite on {@code cuda:0}: every Backend primitive against the CPU backend on
 * fresh random inputs. Without a usable GPU every case is skipped with {@link CudaAvailability}'s
 * reason. Ops without a kernel run on the host ({@link HostFallback}): correct, and counted; the
 * suite's own counts are printed (and appended to {@code -Djgrad.fallbacks.file}) when it ends. Run
 * it with {@code -Djgrad.cuda.sync=true} so a failing kernel is named at its launch.
 */
@Tag("cuda")
class CudaConformanceTest implements CopyFillConformance, ElementwiseConformance, ReductionConformance, MatmulConformance,
        ConvolutionConformance, PoolingConformance, IndexingConformance,
        RandomAndOptimizerConformance, ActivationConformance, OnCudaDevice {
    static final String PASS = "conformance";
    private static Map<String, Long> fallbacksBefore = Map.of();

    @BeforeAll
    static void countHostFallbacksFromHere() {
        fallbacksBefore = FallbackReport.start();
    }

    @AfterAll
    static void reportHostFallbacks() {
        FallbackReport.publish(PASS, fallbacksBefore);
    }
}
