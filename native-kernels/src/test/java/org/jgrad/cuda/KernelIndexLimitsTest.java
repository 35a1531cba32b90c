package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The host never hands a kernel an element count or a GEMM extent its int arithmetic cannot hold
 * (common.cuh's loops count to 2^31 - 1 in 64 bits; matmul.cu's tiles need 64 to spare): such
 * counts are refused before a launch instead of wrapping on the device.
 */
class KernelIndexLimitsTest {
    @Test
    void aShapeOfUpTo2To31Minus1ElementsPacksItsCount() {
        int[] packed = Layouts.shape(new int[] {Integer.MAX_VALUE});
        assertEquals(Integer.MAX_VALUE, packed[1]);
        assertEquals(0, Layouts.shape(new int[] {1 << 20, 1 << 20, 0})[1], "an empty shape, though its leading extents multiply past 2^31");
        assertEquals(1, Layouts.shape(new int[0])[1]);
    }

    @Test
    void aShapeOfMoreElementsIsRefusedNotWrapped() {
        // 2^16 · 2^15 = 2^31 would wrap to Integer.MIN_VALUE in int; 2^16 · 2^16 to 0
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Layouts.shape(new int[] {1 << 16, 1 << 15}));
        assertTrue(e.getMessage().contains("[65536, 32768]") && e.getMessage().contains("2147483648 elements"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Layouts.shape(new int[] {1 << 16, 1 << 16}));
        assertThrows(IllegalStateException.class, () -> Layouts.elementCount("conv2d_im2col", 1L << 31));
        assertEquals(Integer.MAX_VALUE, Layouts.elementCount("conv2d_im2col", Integer.MAX_VALUE));
    }

    @Test
    void gemmExtentsLeaveRoomForTheLastTile() {
        GemmSize largest = new GemmSize(1, 1, 1, GemmSize.MAX_EXTENT, 1, GemmSize.MAX_EXTENT);
        assertEquals((GemmSize.MAX_EXTENT + 63L) / 64, largest.blocks());
        assertTrue(GemmSize.MAX_EXTENT + 64L <= Integer.MAX_VALUE, "row0 + 64 and k0 + 32 stay in int");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GemmSize(1, 1, 1, 1, 1, GemmSize.MAX_EXTENT + 1));
        assertTrue(e.getMessage().contains("tile arithmetic"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GemmSize(1, 1, 1, 1, Integer.MAX_VALUE, 1));
    }
}
