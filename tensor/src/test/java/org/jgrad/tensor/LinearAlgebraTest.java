package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** matmul's 1-D promotions: the shapes NumPy gives. */
class LinearAlgebraTest {
    @Test
    void vectorDotVectorIsAScalar() {
        NDArray c = NDArray.of(1.0, 2.0, 3.0).matmul(NDArray.of(4.0, 5.0, 6.0));
        assertEquals(0, c.rank());
        assertEquals(32.0, c.item());
    }

    @Test
    void vectorOperandsLoseTheirPromotedAxis() {
        NDArray m = NDArray.fromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        assertArrayEquals(new int[] {2}, NDArray.of(1.0, 1.0, 1.0).matmul(m).shape());
        assertArrayEquals(new int[] {3}, m.matmul(NDArray.of(1.0, 1.0)).shape());
        assertArrayEquals(new double[] {3, 7, 11}, m.matmul(NDArray.of(1.0, 1.0)).toDoubleArray());
    }
}
