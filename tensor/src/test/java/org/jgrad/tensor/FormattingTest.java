package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** toString: values, then shape, dtype and device; large arrays summarized with "...". */
class FormattingTest {
    @Test
    void smallFloatMatrix() {
        NDArray x = NDArray.fromArray(new float[][] {{0.5f, -1.25f}, {2f, 3.5f}});
        assertEquals("tensor([[ 0.5000, -1.2500],\n        [ 2.0000,  3.5000]], shape=(2, 2), dtype=float32, device=cpu)", x.toString());
    }

    @Test
    void scalarsIntegersBoolsAndSpecials() {
        assertEquals("tensor(2.5000, shape=(), dtype=float64, device=cpu)", NDArray.scalar(2.5, DType.FLOAT64).toString());
        assertEquals("tensor([ 1, -2,  3], shape=(3), dtype=int64, device=cpu)", NDArray.of(1L, -2L, 3L).toString());
        assertEquals("tensor([ True, False], shape=(2), dtype=bool, device=cpu)", NDArray.of(true, false).toString());
        assertEquals("tensor([1., 2.], shape=(2), dtype=float32, device=cpu)", NDArray.of(1f, 2f).toString());
        String s = NDArray.of(Double.NaN, Double.NEGATIVE_INFINITY, 1.5).toString();
        assertTrue(s.contains("nan") && s.contains("-inf") && s.contains("1.5000"), s);
        assertTrue(NDArray.of(1e-6, 1).toString().contains("e-06"), "scientific for a wide range");
        assertEquals("tensor([], shape=(0), dtype=float32, device=cpu)", NDArray.zeros(0).toString());
    }

    @Test
    void largeArraysAreSummarized() {
        NDArray x = NDArray.arange(0, 3000, 1, DType.FLOAT32).reshape(30, 100);
        String s = x.toString();
        assertTrue(s.contains("..."), s);
        assertTrue(s.contains("2999.") && s.contains(" 0.,") && !s.contains("1500."), s);
        assertTrue(s.endsWith("shape=(30, 100), dtype=float32, device=cpu)"), s);
        assertTrue(s.length() < 1000, "summary is short: " + s.length());
        String v = NDArray.arange(0, 4000, 1, DType.FLOAT64).slice(0, 0, 4000, 2).toString();
        assertTrue(v.contains("...") && v.contains("3998.") && v.contains(" 2.,") && v.length() < 200, v);
    }

    @Test
    void viewsPrintTheirOwnValues() {
        NDArray x = NDArray.fromArray(new int[][] {{1, 2, 3}, {4, 5, 6}}).mT();
        assertEquals("tensor([[1, 4],\n        [2, 5],\n        [3, 6]], shape=(3, 2), dtype=int32, device=cpu)", x.toString());
    }
}
