package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/** The README's tour, compiled and checked, so the README cannot drift from the API. */
class ReadmeTourTest {
    @Test
    void tourRunsAndGivesTheDocumentedResults() {
        NDArray a = NDArray.fromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        NDArray t = a.mT();
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertSame(a.storage(), t.storage());
        NDArray b = a.add(NDArray.of(10f, 20f, 30f));
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, b.toFloatArray());
        NDArray s = a.sum(new int[] {1}, true);
        assertArrayEquals(new int[] {2, 1}, s.shape());
        assertArrayEquals(new float[] {6, 15}, s.toFloatArray());
        NDArray p = a.softmax(1);
        assertEquals(1.0, p.sum(1).getDouble(0), 1e-6);
        NDArray c = a.matmul(t);
        assertArrayEquals(new float[] {14, 32, 32, 77}, c.toFloatArray());

        Generator g = new Generator(42);
        NDArray x = NDArray.randn(g, DType.FLOAT32, 8, 3, 28, 28);
        NDArray w = NDArray.randn(g, DType.FLOAT32, 16, 3, 3, 3);
        NDArray y = x.conv2d(w, Conv2dParams.DEFAULT.padding(1));
        assertArrayEquals(new int[] {8, 16, 28, 28}, y.shape());
        NDArray[] pooled = y.maxPool2dWithIndices(Pool2dParams.kernel(2).stride(2));
        assertArrayEquals(new int[] {8, 16, 14, 14}, pooled[0].shape());
        assertEquals(DType.INT64, pooled[1].dtype());

        assertEquals("tensor([[1., 2., 3.],\n        [4., 5., 6.]], shape=(2, 3), dtype=float32, device=cpu)", a.toString());
    }

    @Test
    void sameSeedGivesSameNumbersAndDrawsAdvanceTheGenerator() {
        Generator g1 = new Generator(7), g2 = new Generator(7);
        NDArray first = NDArray.rand(g1, DType.FLOAT32, 5, 7);
        assertArrayEquals(first.toFloatArray(), NDArray.rand(g2, DType.FLOAT32, 5, 7).toFloatArray());
        NDArray second = NDArray.rand(g1, DType.FLOAT32, 5, 7);
        assertEquals(false, java.util.Arrays.equals(first.toFloatArray(), second.toFloatArray()));
        NDArray ints = NDArray.randint(3, 9, g1, 1000);
        assertEquals(3, (long) ints.min().item());
        assertEquals(8, (long) ints.max().item());
        double frequency = NDArray.bernoulli(0.25, g1, 20000).mean().item();
        assertEquals(0.25, frequency, 0.02);
    }
}
