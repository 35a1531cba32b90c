package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every driver call that needs a context goes through {@link CudaDevice#call}, which makes the
 * device's context current on the calling thread first: a call made directly works on the thread
 * that happened to set the context and fails with CUDA_ERROR_INVALID_CONTEXT on a data loader's,
 * a pool's or the Cleaner's (CudaThreadingTest shows it at run time; this test finds a new direct
 * call in the sources before any thread does). Only the calls the driver allows without a
 * context are made directly.
 */
class DriverCallsGoThroughTheDeviceTest {
    /** Driver functions that need no current context: initialization, device queries, context binding, error text. */
    private static final Set<String> WITHOUT_CONTEXT = Set.of("cuInit", "cuDriverGetVersion", "cuDeviceGetCount", "cuDeviceGet",
            "cuDeviceGetName", "cuDeviceTotalMem", "cuDeviceGetAttribute", "cuDevicePrimaryCtxRetain", "cuCtxSetCurrent", "cuGetErrorString");
    private static final Pattern CALL = Pattern.compile("\\b(cu[A-Z]\\w*)\\(");

    @Test
    void everyContextCallIsMadeThroughCudaDeviceCall() throws IOException {
        // The module's folder under Maven, the repository root in the GPU check.
        Path sources = Stream.of("src/main/java/org/jgrad/cuda", "native-kernels/src/main/java/org/jgrad/cuda").map(Path::of)
                .filter(Files::isDirectory).findFirst().orElseThrow(() -> new AssertionError("the CUDA backend's sources are not here"));
        List<String> direct = new ArrayList<>();
        int routed = 0;
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("import") || line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) continue;
                    Matcher m = CALL.matcher(line);
                    while (m.find()) {
                        String name = m.group(1);
                        if (WITHOUT_CONTEXT.contains(name)) continue;
                        if (line.contains("call(\"" + name + "\", () -> " + name + "(")) routed++;
                        else direct.add(file.getFileName() + ":" + (i + 1) + " " + name);
                    }
                }
            }
        }
        assertEquals(List.of(), direct, "driver calls made without CudaDevice.call (no context made current first)");
        assertTrue(routed >= 8, "the scan found the routed calls (" + routed + ")");
    }
}
