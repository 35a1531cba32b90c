package org.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** The module's gradient at 0 is the negative slope, as PyTorch's leaky_relu_backward ({@code x > 0 ? 1 : slope}). */
class LeakyReLUTest {
    @Test
    void gradientAtZeroIsTheNegativeSlope() {
        Tensor x = Tensor.param(NDArray.of(-2.0, 0.0, 3.0));
        Tensor y = new Activations.LeakyReLU(0.2).forward(x);
        assertArrayEquals(new double[] {-0.4, 0, 3}, y.data().toDoubleArray(), 1e-16);
        y.sum().backward();
        assertArrayEquals(new double[] {0.2, 0.2, 1}, x.grad().toDoubleArray(), 0);
    }
}
