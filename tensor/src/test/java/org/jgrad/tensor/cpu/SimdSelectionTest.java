package org.jgrad.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The CPU backend picks the Vector API exactly when the JVM has {@code jdk.incubator.vector}. This
 * runs in both surefire executions: with the module (Vector API) and without it (plain Java).
 */
class SimdSelectionTest {
    @Test
    void theFastPathFollowsThePresenceOfTheVectorModule() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String description = CpuBackend.INSTANCE.describe();
        assertEquals(present, description.contains("elementwise: Vector API"), description);
        if (!present) {
            assertTrue(description.contains("plain Java"), description);
            assertEquals(1, CpuParallel.threads(), "the plain-Java execution runs on one thread");
        }
    }
}
