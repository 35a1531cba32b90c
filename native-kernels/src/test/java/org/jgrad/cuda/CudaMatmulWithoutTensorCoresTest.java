package org.jgrad.cuda;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The matmul and convolution conformance cases on {@code cuda:0} with the tensor-core kernels
 * turned off ({@code -Djgrad.cuda.tensorCores=false} for the duration of the class), so that on
 * cards of compute capability 8.0 or more float16 and bfloat16 products and convolutions still run
 * {@code matmul.cu}'s kernel, which {@link CudaConformanceTest} then no longer reaches. The property is global: this
 * relies on JUnit running test classes one after another (its default here). Its host fallbacks
 * are reported as a pass of their own ("no tensor cores"), like the main suite's.
 */
@Tag("cuda")
class CudaMatmulWithoutTensorCoresTest implements MatmulConformance, ConvolutionConformance, OnCudaDevice {
    static final String PASS = "no tensor cores";
    private static String before;
    private static Map<String, Long> fallbacksBefore = Map.of();

    @BeforeAll
    static void turnTensorCoresOff() {
        before = System.getProperty(CudaMatmul.TENSOR_CORES_PROPERTY);
        System.setProperty(CudaMatmul.TENSOR_CORES_PROPERTY, "false");
        fallbacksBefore = FallbackReport.start();
    }

    @AfterAll
    static void restoreThePropertyAndReport() {
        if (before == null) System.clearProperty(CudaMatmul.TENSOR_CORES_PROPERTY);
        else System.setProperty(CudaMatmul.TENSOR_CORES_PROPERTY, before);
        FallbackReport.publish(PASS, fallbacksBefore);
    }
}
