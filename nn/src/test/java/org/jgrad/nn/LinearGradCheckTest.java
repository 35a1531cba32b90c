package org.jgrad.nn;

import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.layers.Residual;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

class LinearGradCheckTest {
    private static NDArray input(int... shape) {
        return NDArray.randn(new Generator(11), DType.FLOAT64, shape);
    }

    @Test
    void linearWithAndWithoutBias() {
        ModuleGradCheck.check("linear", new Linear(4, 3, true, new Generator(1)), input(5, 4), true);
        ModuleGradCheck.check("linear no bias, 3-D input", new Linear(4, 2, false, new Generator(2)), input(2, 3, 4), true);
    }

    @Test
    void everyActivationAndAResidualMlp() {
        Generator g = new Generator(3);
        Module net = new Sequential(new Linear(3, 4, true, g), new Activations.GELU(), new Linear(4, 4, true, g),
                new Activations.LeakyReLU(0.1), new Residual(new Sequential(new Linear(4, 4, true, g), new Activations.SiLU())),
                new Activations.Tanh(), new Linear(4, 3, true, g), new Activations.Sigmoid(), new Activations.Softmax(-1));
        ModuleGradCheck.check("activations", net, input(2, 3), true);
    }
}
