package org.jgrad.notebook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel spec Jupyter reads: valid JSON, the launcher's command, interrupts as messages. */
class KernelSpecTest {
    @Test
    void theSpecStartsTheKernelThroughTheLauncher(@TempDir Path dir) throws Exception {
        Path file = KernelSpec.write(dir, List.of("/opt/my \"jgrad\"/jgrad", "kernel", "{connection_file}"));
        assertEquals(dir.resolve("kernels/jgrad/kernel.json"), file);
        JsonObject spec = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals("/opt/my \"jgrad\"/jgrad", spec.getAsJsonArray("argv").get(0).getAsString());
        assertEquals("{connection_file}", spec.getAsJsonArray("argv").get(2).getAsString());
        assertEquals("message", spec.get("interrupt_mode").getAsString());
        assertEquals("java", spec.get("language").getAsString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KernelSpec.write(dir, List.of("jgrad", "kernel")))
                .getMessage().contains("{connection_file}"));
    }
}
