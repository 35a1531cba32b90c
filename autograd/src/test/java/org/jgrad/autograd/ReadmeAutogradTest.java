package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/** The README's "Autograd in four lines", compiled and checked against the closed form. */
class ReadmeAutogradTest {
    @Test
    void theReadmeExampleGivesTheLeastSquaresGradient() {
        Generator g = new Generator(1);
        NDArray x = NDArray.randn(g, DType.FLOAT32, 10, 3), y = NDArray.randn(g, DType.FLOAT32, 10, 1);

        Tensor w = Tensor.param(NDArray.randn(g, DType.FLOAT32, 3, 1));    // requires grad
        Tensor loss = Tensor.of(x).matmul(w).sub(Tensor.of(y)).pow(2).mean();
        String dot = loss.toDot();
        loss.backward();                                                     // fills w.grad(), frees the graph

        // d/dw mean((xw - y)²) = 2/N · xᵀ(xw - y)
        NDArray expected = x.mT().matmul(x.matmul(w.data()).sub(y)).mul(2.0 / 10);
        assertArrayEquals(new int[] {3, 1}, w.grad().shape());
        assertTrue(w.grad().allClose(expected, 1e-5, 1e-6), w.grad() + " vs " + expected);
        assertTrue(dot.contains("matmul") && dot.contains("pow_scalar"), dot);
    }
}
