package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host-fallback report each conformance pass ends with, and the file the GPU check's summary reads. */
class FallbackReportTest {
    @Test
    void mostFrequentFirstThenByName() {
        assertEquals("7\tmatmul\n3\tconv2d\n3\treduce sum\n", FallbackReport.format(Map.of("reduce sum", 3L, "matmul", 7L, "conv2d", 3L)));
    }

    @Test
    void noneWhenEveryOpRanAsAKernel() {
        assertEquals("none\n", FallbackReport.format(Map.of()));
    }

    @Test
    void aPassCountsOnlyWhatItAdded() {
        assertEquals(Map.of("matmul", 2L, "pow", 1L),
                FallbackReport.since(Map.of("matmul", 5L, "softmax", 1L), Map.of("matmul", 7L, "softmax", 1L, "pow", 1L)));
    }

    @Test
    void eachPassIsAppendedUnderItsName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fallbacks.tsv");
        String property = System.setProperty(FallbackReport.FILE_PROPERTY, file.toString());
        try {
            Map<String, Long> before = FallbackReport.start();
            FallbackReport.publish("first", before);
            fallBack("FallbackReportTest op");
            FallbackReport.publish("second", before);
        } finally {
            restore(property);
        }
        assertEquals("first\tnone\nsecond\t1\tFallbackReportTest op\n", Files.readString(file));
    }

    /** The no-tensor-core pass reports its own host fallbacks when it ends, as the main suite does. */
    @Test
    void theNoTensorCorePassReportsItsHostFallbacks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fallbacks.tsv");
        String property = System.setProperty(FallbackReport.FILE_PROPERTY, file.toString());
        try {
            CudaMatmulWithoutTensorCoresTest.turnTensorCoresOff();
            fallBack("FallbackReportTest matmul");
            fallBack("FallbackReportTest matmul");
            CudaMatmulWithoutTensorCoresTest.restoreThePropertyAndReport();
        } finally {
            restore(property);
        }
        assertTrue(Files.exists(file), "the no-tensor-core pass wrote no host-fallback report");
        assertEquals(CudaMatmulWithoutTensorCoresTest.PASS + "\t2\tFallbackReportTest matmul\n", Files.readString(file));
    }

    /**
     * Puts back the GPU check's {@code -Djgrad.fallbacks.file} (these tests run in its conformance
     * JVM too, and the passes after them must still write there).
     */
    private static void restore(String property) {
        if (property == null) System.clearProperty(FallbackReport.FILE_PROPERTY);
        else System.setProperty(FallbackReport.FILE_PROPERTY, property);
    }

    /** One counted host fallback that moves nothing. */
    private static void fallBack(String op) {
        HostFallback.run(op, new NDArray[0], new NDArray[0], host -> {});
    }
}
