package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/**
 * max / min where several elements attain the extremum: the gradient is split evenly among them,
 * as PyTorch's amax / amin do (finite differences cannot check this: the function has a kink there).
 */
class ReductionTiesTest {
    private static double[] gradOf(NDArray x, java.util.function.UnaryOperator<Tensor> f) {
        Tensor leaf = Tensor.param(x);
        f.apply(leaf).sum().backward();
        return leaf.grad().toDoubleArray();
    }

    @Test
    void maxOfAllSharesAmongTies() {
        assertArrayEquals(new double[] {0, 0.5, 0.5}, gradOf(NDArray.of(1.0, 3.0, 3.0), Tensor::max), 0);
    }

    @Test
    void minOfAllSharesAmongTies() {
        assertArrayEquals(new double[] {1 / 3.0, 0, 1 / 3.0, 1 / 3.0}, gradOf(NDArray.of(-2.0, 5.0, -2.0, -2.0), Tensor::min), 1e-15);
    }

    @Test
    void maxAlongAnAxisSharesWithinEachRowOnly() {
        NDArray x = NDArray.of(4.0, 4.0, 1.0, 2.0, 7.0, 0.0).reshape(2, 3);
        double[] g = gradOf(x, t -> t.max(new int[] {1}, false).mul(Tensor.of(NDArray.of(2.0, 10.0))));
        assertArrayEquals(new double[] {1, 1, 0, 0, 10, 0}, g, 0);
    }

    @Test
    void maxOfAllEqualWithKeepDimOnAStridedInput() {
        NDArray x = NDArray.full(1.5, org.jgrad.tensor.DType.FLOAT64, 2, 2).mT();
        double[] g = gradOf(x, t -> t.max(new int[] {0, 1}, true));
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, g, 0);
    }

    @Test
    void minAlongAxisZeroWithTies() {
        NDArray x = NDArray.of(0.0, 3.0, 0.0, 4.0).reshape(2, 2);
        double[] g = gradOf(x, t -> t.min(new int[] {0}, true));
        assertArrayEquals(new double[] {0.5, 1, 0.5, 0}, g, 0);
    }
}
