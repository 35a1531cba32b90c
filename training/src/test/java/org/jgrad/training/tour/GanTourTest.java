package org.jgrad.training.tour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jgrad.autograd.Autograd;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Flatten;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.gan.WganGpLoss;
import org.jgrad.training.models.Dcgan;
import org.junit.jupiter.api.Test;

/**
 * Part of the tour's page 9 (docs/tour/9-gans.md): the DCGAN generator and critic and the shapes
 * between them; WGAN-GP's gradient penalty written out with {@link Autograd#grad} and
 * {@code createGraph}, checked twice: on a linear critic D(x) = w·x + b, whose input gradient is w
 * everywhere, the penalty is (‖w‖ − 1)² with the parameter gradient 2(‖w‖ − 1)·w/‖w‖; on the
 * DCGAN critic it is {@link WganGpLoss}'s. Writes figures/gan-networks.txt and figures/gan-penalty.txt.
 */
class GanTourTest {
    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");

    @Test
    void theGeneratorMakesImagesTheCriticScores() throws IOException {
        // notebook:begin networks
        // notebook-only: import org.jgrad.training.models.Dcgan;
        // notebook:end networks
        // tour:begin networks
        Generator init = new Generator(0);
        Module generator = Dcgan.generator(64, 32, init);   // z (N, 64, 1, 1) → images (N, 1, 28, 28) in (−1, 1)
        Module critic = Dcgan.critic(32, init);             // images (N, 1, 28, 28) → one number each (N, 1)
        NDArray z = NDArray.randn(new Generator(1), DType.FLOAT32, 16, 64, 1, 1);
        Tensor images = generator.forward(Tensor.of(z));
        Tensor scores = critic.forward(images);
        // tour:end networks
        assertArrayEquals(new int[] {16, 1, 28, 28}, images.shape());
        assertArrayEquals(new int[] {16, 1}, scores.shape());
        assertTrue(images.data().abs().max().item() < 1, "tanh keeps the pixels inside (-1, 1)");
        Files.writeString(FIGURES.resolve("gan-networks.txt"), String.format(Locale.ROOT, "generator: %s%n%ncritic: %s%n%nz %s → images %s → scores %s%n",
                generator, critic, shape(z.shape()), shape(images.shape()), shape(scores.shape())));
    }

    /** WGAN-GP's penalty mean over the batch of (‖∇ₓ̂ D(x̂)‖ − 1)², x̂ = ε·x + (1 − ε)·x̃, with ε (N, 1, 1, 1) given. */
    static Tensor penalty(Module critic, NDArray real, NDArray fake, NDArray eps) {
        // notebook:begin penalty
        // notebook-only: NDArray real = NDArray.rand(new Generator(2), DType.FLOAT32, 16, 1, 28, 28).mul(2).sub(1);   // stand-ins for real digits
        // notebook-only: NDArray fake = images.data(), eps = NDArray.rand(new Generator(3), DType.FLOAT32, 16, 1, 1, 1);
        // notebook:end penalty
        // tour:begin penalty
        Tensor between = Tensor.of(real.mul(eps).add(fake.mul(eps.neg().add(1))), true);        // x̂ = ε·x + (1 − ε)·x̃, a leaf
        Tensor slope = Autograd.grad(critic.forward(between).sum(), new Tensor[] {between}, null, true)[0];   // ∇ₓ̂ D(x̂), with a graph
        Tensor norm = slope.pow(2).sum(new int[] {1, 2, 3}, false).add(1e-12).sqrt();            // ‖∇ₓ̂ D(x̂)‖ per image
        Tensor penalty = norm.sub(1).pow(2).mean();                                               // its backward: second derivatives
        // tour:end penalty
        // notebook:begin penalty.after
        // notebook-only: penalty.backward();   // through the double backward into the critic's weights
        // notebook-only: critic.parameters().get(0).grad()
        // notebook:end penalty.after
        return penalty;
    }

    @Test
    void thePenaltyPullsTheCriticsSlopeToOne() throws IOException {
        Generator g = new Generator(2);
        NDArray real = NDArray.rand(g, DType.FLOAT64, 8, 1, 28, 28).mul(2).sub(1), fake = NDArray.rand(g, DType.FLOAT64, 8, 1, 28, 28).mul(2).sub(1);
        NDArray eps = NDArray.rand(new Generator(3), DType.FLOAT64, 8, 1, 1, 1);
        StringBuilder out = new StringBuilder();

        // a linear critic: ∇ₓ D = w at every point, so the penalty reads ‖w‖ only
        Module linear = new Sequential(new Flatten(), new Linear(28 * 28, 1, true, new Generator(4))).to(DType.FLOAT64);
        Tensor w = linear.namedParameters().get("1.weight");
        for (double scale : new double[] {0.5, 1, 2}) {
            w.data().assign(w.data().mul(scale / w.data().mul(w.data()).sum().sqrt().item()));   // ‖w‖ = scale
            w.zeroGrad();
            Tensor p = penalty(linear, real, fake, eps);
            p.backward();
            double norm = w.data().mul(w.data()).sum().sqrt().item();
            assertEquals((norm - 1) * (norm - 1), p.item(), 1e-9, "penalty of a linear critic with ‖w‖ = " + norm);
            NDArray expected = w.data().mul(2 * (norm - 1) / norm);   // d/dw (‖w‖ − 1)²
            assertTrue(w.grad().allClose(expected, 1e-9, 1e-12), "its gradient with respect to w");
            out.append(String.format(Locale.ROOT, "linear critic, |w| = %.1f: penalty %.4f, |d penalty / dw| = %.4f%n",
                    norm, p.item(), w.grad().mul(w.grad()).sum().sqrt().item()));
        }

        // the DCGAN critic: the same lines give WganGpLoss's penalty (λ = 1 loss minus the λ = 0 loss, with ε drawn the same way)
        Module critic = Dcgan.critic(4, new Generator(5)).to(DType.FLOAT64);
        double library = new WganGpLoss(1).critic(critic, Tensor.of(real), Tensor.of(fake), new Generator(6)).item()
                - new WganGpLoss(0).critic(critic, Tensor.of(real), Tensor.of(fake), new Generator(6)).item();
        double byHand = penalty(critic, real, fake, NDArray.rand(new Generator(6), DType.FLOAT64, 8, 1, 1, 1)).item();
        assertEquals(library, byHand, 1e-9 * Math.max(1, Math.abs(library)));
        out.append(String.format(Locale.ROOT, "DCGAN critic (width 4, fresh): penalty %.4f by hand, %.4f from WganGpLoss%n", byHand, library));
        Files.writeString(FIGURES.resolve("gan-penalty.txt"), out.toString());
    }

    private static String shape(int[] s) {
        return java.util.Arrays.toString(s).replace('[', '(').replace(']', ')');
    }
}
