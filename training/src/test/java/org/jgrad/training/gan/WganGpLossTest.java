package org.jgrad.training.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.models.Dcgan;
import org.junit.jupiter.api.Test;

/** The gradient penalty's gradient with respect to the critic's weights (a second derivative) against finite differences, in float64. */
class WganGpLossTest {
    private static double penalty(Module critic, NDArray real, NDArray fake) {
        return WganGpLoss.penalty(critic, real, fake, new Generator(11)).item();
    }

    @Test
    void thePenaltysWeightGradientMatchesFiniteDifferences() {
        Module critic = Dcgan.critic(2, new Generator(1)).to(DType.FLOAT64);
        Generator g = new Generator(2);
        NDArray real = NDArray.rand(g, DType.FLOAT64, 2, 1, 28, 28).mul(2).sub(1), fake = NDArray.rand(g, DType.FLOAT64, 2, 1, 28, 28).mul(2).sub(1);
        Tensor p = WganGpLoss.penalty(critic, real, fake, new Generator(11));
        p.backward();
        int checked = 0;
        for (String name : new String[] {"0.weight", "0.bias", "2.weight", "5.weight"}) {
            Tensor w = critic.namedParameters().get(name);
            // the first bias moves ∇ₓD only through leaky relu's piecewise-constant slopes: no gradient reaches it, and none should
            NDArray grad = name.equals("0.bias") && w.grad() == null ? NDArray.zeros(DType.FLOAT64, w.shape()) : w.grad();
            assertTrue(grad != null, name + " got no gradient from the penalty");
            for (int j = 0; j < Math.min(w.numel(), 6); j++) {
                int[] index = org.jgrad.tensor.Shapes.unravel(j * 7 % w.numel(), w.shape());
                NDArray element = w.data();
                for (int k = 0; k < index.length; k++) element = element.narrow(k, index[k], 1);
                double original = w.data().getDouble(index), eps = 1e-6;
                element.fill(original + eps);
                double plus = penalty(critic, real, fake);
                element.fill(original - eps);
                double minus = penalty(critic, real, fake);
                element.fill(original);
                double numeric = (plus - minus) / (2 * eps), analytic = grad.getDouble(index);
                assertEquals(numeric, analytic, 1e-6 + 1e-4 * Math.abs(numeric), name + " " + java.util.Arrays.toString(index));
                checked++;
            }
        }
        assertEquals(6 + 2 + 6 + 6, checked);   // the first bias has 2 elements
        assertTrue(critic.namedParameters().get("0.weight").grad().abs().sum().item() > 0);
    }

    @Test
    void aNegativeLambdaIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WganGpLoss(-1)).getMessage().contains("got -1"));
    }
}
