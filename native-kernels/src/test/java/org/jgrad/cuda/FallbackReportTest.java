package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host-fallback report the conformance suite ends with, and the file the GPU check's summary reads. */
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
    void writtenToTheFileTheGpuCheckNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fallbacks.tsv");
        System.setProperty(FallbackReport.FILE_PROPERTY, file.toString());
        try {
            FallbackReport.publish(Map.of("softmax", 2L));
        } finally {
            System.clearProperty(FallbackReport.FILE_PROPERTY);
        }
        assertEquals("2\tsoftmax\n", Files.readString(file));
    }
}
