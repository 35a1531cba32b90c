package org.jgrad.tensor.cpu.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class Conv2dGeometryTest {

    @Test
    void outputSizeFollowsTheFormula() {
        // (h + 2p - d(k-1) - 1)/s + 1
        Conv2dGeometry g = Conv2dGeometry.of(2, 3, 7, 10, 4, 3, 5, 2, 3, 1, 2, 2, 1, 1);
        assertEquals((7 + 2 - 2 * 2 - 1) / 2 + 1, g.outH());
        assertEquals((10 + 4 - 4 - 1) / 3 + 1, g.outW());
        assertEquals(2 * 3 * 7 * 10, g.inputSize());
        assertEquals(4 * 3 * 3 * 5, g.weightSize());
        assertEquals(2 * 4 * g.outH() * g.outW(), g.outputSize());
        Conv2dGeometry same = Conv2dGeometry.of(1, 1, 5, 6, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        assertEquals(5, same.outH());
        assertEquals(6, same.outW());
        Conv2dGeometry grouped = Conv2dGeometry.of(1, 6, 4, 4, 9, 1, 1, 1, 1, 0, 0, 1, 1, 3);
        assertEquals(2, grouped.cInPerGroup());
        assertEquals(3, grouped.cOutPerGroup());
        assertEquals(9 * 2, grouped.weightSize());
    }

    @Test
    void invalidGeometriesAreRejectedWithClearMessages() {
        rejects(() -> Conv2dGeometry.of(1, 3, 5, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 2), "cIn=3", "groups=2");
        rejects(() -> Conv2dGeometry.of(1, 4, 5, 5, 3, 3, 3, 1, 1, 0, 0, 1, 1, 2), "cOut=3", "groups=2");
        rejects(() -> Conv2dGeometry.of(1, 4, 5, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 0), "groups=0");
        rejects(() -> Conv2dGeometry.of(1, 1, 5, 5, 1, 3, 3, 0, 1, 0, 0, 1, 1, 1), "strideH=0");
        rejects(() -> Conv2dGeometry.of(1, 1, 5, 5, 1, 3, 3, 1, -2, 0, 0, 1, 1, 1), "strideW=-2");
        rejects(() -> Conv2dGeometry.of(1, 1, 5, 5, 1, 3, 3, 1, 1, -1, 0, 1, 1, 1), "padH=-1");
        rejects(() -> Conv2dGeometry.of(1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 0, 1), "dilationW=0");
        rejects(() -> Conv2dGeometry.of(1, 1, 5, 5, 1, 0, 3, 1, 1, 0, 0, 1, 1, 1), "kH=0");
        rejects(() -> Conv2dGeometry.of(0, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1, 1), "n=0");
        rejects(() -> Conv2dGeometry.of(1, 1, 2, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1, 1), "output size", "2x5");
        rejects(() -> Conv2dGeometry.of(1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 3, 1, 1), "output size", "dilation 3x1");
        rejects(() -> Conv2dGeometry.of(1 << 16, 1 << 8, 1 << 8, 1 << 8, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1), "input");
    }

    private static void rejects(Executable e, String... fragments) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith("conv2d"), ex.getMessage());
        for (String f : fragments) assertTrue(ex.getMessage().contains(f), ex.getMessage() + " lacks " + f);
    }
}
