package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** zeros, ones, full, arange, linspace, eye and fromArray. */
class CreationOpsTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void zerosOnesFull(DType t) {
        for (int[] s : new int[][] {{}, {0}, {3}, {2, 0, 4}, {1, 2, 3, 2}}) {
            int n = Reference.count(s);
            NDArray z = NDArray.zeros(t, s), o = NDArray.ones(t, s), f = NDArray.full(t == DType.BOOL ? 1 : -3, t, s);
            for (NDArray x : new NDArray[] {z, o, f}) {
                assertEquals(t, x.dtype());
                assertArrayEquals(s, x.shape());
                assertTrue(x.isContiguous());
            }
            double[] want = new double[n];
            assertArrayEquals(want, z.toDoubleArray());
            Arrays.fill(want, 1);
            assertArrayEquals(want, o.toDoubleArray());
            Arrays.fill(want, t == DType.BOOL ? 1 : -3);
            assertArrayEquals(want, f.toDoubleArray(), "full " + t + Arrays.toString(s));
        }
        assertEquals(DType.FLOAT32, NDArray.zeros(2).dtype());
        assertEquals(2.5, NDArray.scalar(2.5, DType.FLOAT64).item());
        assertEquals(0, NDArray.scalar(2.5, DType.FLOAT64).rank());
    }

    @Test
    void arange() {
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, NDArray.arange(5).toLongArray());
        assertEquals(DType.INT64, NDArray.arange(5).dtype());
        assertArrayEquals(new int[] {0}, NDArray.arange(0).shape());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, NDArray.arange(1, 3, 0.5, DType.FLOAT64).toDoubleArray());
        assertArrayEquals(new double[] {5, 3, 1}, NDArray.arange(5, 0, -2, DType.FLOAT32).toDoubleArray());
        assertArrayEquals(new long[] {2, 5, 8}, NDArray.arange(2, 10, 3, DType.INT32).toLongArray());
        assertArrayEquals(new int[] {0}, NDArray.arange(3, 1, 1, DType.FLOAT32).shape());
        // float arange: start + i·step, not accumulated
        double[] v = NDArray.arange(0, 1, 0.1, DType.FLOAT64).toDoubleArray();
        assertEquals(10, v.length);
        for (int i = 0; i < v.length; i++) assertEquals(i * 0.1, v[i]);
    }

    @Test
    void linspace() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, NDArray.linspace(0, 1, 5).toDoubleArray());
        assertArrayEquals(new double[] {-1}, NDArray.linspace(-1, 1, 1).toDoubleArray());
        assertArrayEquals(new int[] {0}, NDArray.linspace(0, 1, 0).shape());
        float[] v = NDArray.linspace(-3, 7, 11).toFloatArray();
        for (int i = 0; i < 11; i++) assertEquals(-3 + i, v[i], 1e-6);
        assertEquals(7f, v[10]);
        assertEquals(DType.FLOAT32, NDArray.linspace(0, 1, 3).dtype());
    }

    @Test
    void eye() {
        for (int n : new int[] {0, 1, 4}) {
            NDArray e = NDArray.eye(n);
            assertArrayEquals(new int[] {n, n}, e.shape());
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertEquals(i == j ? 1.0 : 0.0, e.getDouble(i, j));
        }
    }

    @Test
    void fromArrayOfRanks1To4AndEveryElementType() {
        NDArray a = NDArray.fromArray(new double[] {1, 2});
        assertEquals(DType.FLOAT64, a.dtype());
        NDArray b = NDArray.fromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(DType.FLOAT32, b.dtype());
        assertArrayEquals(new int[] {2, 3}, b.shape());
        assertEquals(6.0, b.getDouble(1, 2));
        NDArray c = NDArray.fromArray(new int[][][] {{{1}, {2}}, {{3}, {4}}, {{5}, {6}}});
        assertEquals(DType.INT32, c.dtype());
        assertArrayEquals(new int[] {3, 2, 1}, c.shape());
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, c.toLongArray());
        long[][][][] l4 = new long[2][1][3][2];
        for (int i = 0; i < 12; i++) l4[i / 6][0][(i / 2) % 3][i % 2] = i;
        NDArray d = NDArray.fromArray(l4);
        assertEquals(DType.INT64, d.dtype());
        assertArrayEquals(new int[] {2, 1, 3, 2}, d.shape());
        for (int i = 0; i < 12; i++) assertEquals(i, d.getLong(i / 6, 0, (i / 2) % 3, i % 2));
        NDArray e = NDArray.fromArray(new boolean[][] {{true, false}});
        assertEquals(DType.BOOL, e.dtype());
        assertArrayEquals(new long[] {1, 0}, e.toLongArray());
        assertArrayEquals(new int[] {0, 0}, NDArray.fromArray(new float[0][3]).shape());
        assertEquals(DType.INT64, NDArray.of(1L, 2L).dtype());
        assertEquals(DType.INT32, NDArray.of(1, 2).dtype());
    }

    @Test
    void raggedAndBadArrays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.fromArray(new float[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().startsWith("fromArray") && e.getMessage().contains("ragged"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NDArray.fromArray(new int[][][] {{{1}, {2}}, {{3}}}));
        assertThrows(IllegalArgumentException.class, () -> NDArray.fromArray(new String[] {"a"}));
        assertThrows(IllegalArgumentException.class, () -> NDArray.fromArray(3.0));
    }
}
