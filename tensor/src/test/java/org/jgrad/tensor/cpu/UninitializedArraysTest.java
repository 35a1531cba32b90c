package org.jgrad.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** Unzeroed output arrays: reachable exactly under the JVM flag, of the asked length, and overwritten by the ops that use them. */
class UninitializedArraysTest {
    /**
     * Available exactly when the JVM exports jdk.internal.misc: the default test run passes the flag
     * (the parent pom's jgrad.test.argLine), the plain-Java run of the tensor module does not, so
     * both ways are tested.
     */
    @Test
    void arraysComeUnzeroedExactlyWhenTheJvmExportsJdkInternalMisc() {
        boolean exported = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.contains("java.base/jdk.internal.misc=ALL-UNNAMED"));
        assertEquals(exported, UninitializedArrays.available(), "JVM flags " + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    @Test
    void arraysHaveTheAskedLength() {
        for (int n : new int[] {0, 1, 17, 1 << 20}) {
            assertEquals(n, UninitializedArrays.floats(n).length);
            assertEquals(n, UninitializedArrays.doubles(n).length);
        }
    }

    @Test
    void emptyGivesTheShapeAndDtypeAndOtherDtypesComeZeroed() {
        NDArray f = NDArray.empty(DType.FLOAT32, Device.CPU, 2, 3);
        assertArrayEquals(new int[] {2, 3}, f.shape());
        assertEquals(DType.FLOAT32, f.dtype());
        assertTrue(f.isContiguous());
        NDArray i = NDArray.empty(DType.INT64, Device.CPU, 4);
        assertArrayEquals(new long[4], i.toLongArray());
    }

    @Test
    void theTestsPoisonTheArraysSoAnUnwrittenElementShows() {
        assertTrue(UninitializedArrays.POISON, "the test runs set -Djgrad.poisonUninitialized=true (parent pom, tensor's plain-Java run)");
        assertTrue(Float.isNaN(UninitializedArrays.floats(3)[2]));
        assertTrue(Double.isNaN(UninitializedArrays.doubles(3)[0]));
        assertTrue(Float.isNaN(NDArray.empty(DType.FLOAT32, Device.CPU, 2).toFloatArray()[1]));
    }

    @Test
    void opsWriteEveryElementOfTheirUnzeroedOutputs() {
        // y = reluBackward of relu(3x) with gradient x, i.e. x itself, through outputs that start as NaN.
        NDArray x = NDArray.arange(0, 4099, 1, DType.FLOAT32).reshape(1, 1, 4099);
        NDArray y = x.mul(NDArray.scalar(2, DType.FLOAT32)).add(x).relu().reluBackward(x).copy();
        float[] got = y.toFloatArray();
        for (int k = 0; k < got.length; k++) assertEquals((float) k, got[k], "element " + k);
    }
}
