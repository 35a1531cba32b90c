package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Constant padding with crops, against PyTorch's F.pad semantics (pad, then crop the negative amounts). */
class PadTest {
    @Test
    void padThenCropFromTheEnd() {
        // [9, 9, 1, 2, 3] cropped by 2 at the end
        assertArrayEquals(new double[] {9, 9, 1}, NDArray.of(1.0, 2.0, 3.0).pad(new int[] {2, -2}, 9).toDoubleArray(), 0);
    }

    @Test
    void cropFromTheEndReachingIntoThePaddingBefore() {
        // [9, 9, 9, 9, 1, 2] cropped by 3 at the end: only padding is left
        assertArrayEquals(new double[] {9, 9, 9}, NDArray.of(1.0, 2.0).pad(new int[] {4, -3}, 9).toDoubleArray(), 0);
    }

    @Test
    void cropFromTheStartReachingIntoThePaddingAfter() {
        // [1, 2, 9, 9, 9, 9] cropped by 3 at the start
        assertArrayEquals(new double[] {9, 9, 9}, NDArray.of(1.0, 2.0).pad(new int[] {-3, 4}, 9).toDoubleArray(), 0);
    }
}
