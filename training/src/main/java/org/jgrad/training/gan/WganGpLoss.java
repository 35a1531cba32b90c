package org.jgrad.training.gan;

import org.jgrad.autograd.Autograd;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;

/**
 * The Wasserstein GAN loss with gradient penalty (Gulrajani et al., 2017). The critic D outputs a
 * score, not a probability; with x real, x̃ = G(z) generated, ε ~ U[0, 1] per sample and
 * x̂ = ε·x + (1 - ε)·x̃ a point between them:
 * <pre>
 * critic     L_D = mean D(x̃) - mean D(x) + λ · mean (‖∇ₓ̂ D(x̂)‖₂ - 1)²
 * generator  L_G = -mean D(x̃)
 * </pre>
 * The penalty keeps D close to 1-Lipschitz on the lines between real and generated images, which
 * the Wasserstein distance estimate needs. Its gradient with respect to D's parameters is a
 * second derivative: ∇ₓ̂ D is computed with {@link Autograd#grad} and {@code createGraph}, so the
 * penalty's backward runs through the critic's double backward (every op of the critic must be
 * twice differentiable; {@link org.jgrad.training.models.Dcgan#critic} is). The norm is
 * √(Σ g² + 10⁻¹²), so that a zero gradient has a finite derivative.
 */
public final class WganGpLoss implements GanLoss {
    /** The paper's penalty weight. */
    public static final double DEFAULT_LAMBDA = 10;

    private final double lambda;

    public WganGpLoss() {
        this(DEFAULT_LAMBDA);
    }

    public WganGpLoss(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("WganGpLoss: lambda must be finite and >= 0, got " + lambda);
        this.lambda = lambda;
    }

    @Override
    public Tensor critic(Module critic, Tensor real, Tensor fake, Generator rng) {
        Tensor wasserstein = critic.forward(fake).mean().sub(critic.forward(real).mean());
        return lambda == 0 ? wasserstein : wasserstein.add(penalty(critic, real.data(), fake.data(), rng).mul(lambda));
    }

    /** mean over the batch of (‖∇ₓ̂ D(x̂)‖₂ - 1)², x̂ (N, C, H, W) drawn between real and fake; differentiable in D's parameters. */
    static Tensor penalty(Module critic, NDArray real, NDArray fake, Generator rng) {
        int n = real.shape(0);
        NDArray eps = NDArray.rand(rng, real.dtype(), n, 1, 1, 1).to(real.device());                 // (N, 1, 1, 1)
        Tensor between = Tensor.of(real.mul(eps).add(fake.mul(eps.neg().add(1))), true);            // x̂, a leaf
        Tensor scores = critic.forward(between);                                                      // (N, 1)
        Tensor grad = Autograd.grad(scores.sum(), new Tensor[] {between}, null, true)[0];            // ∇ₓ̂ D, (N, C, H, W), with a graph
        Tensor norm = grad.pow(2).sum(new int[] {1, 2, 3}, false).add(1e-12).sqrt();                 // (N)
        return norm.sub(1).pow(2).mean();
    }

    @Override
    public Tensor generator(Tensor criticOfFake) {
        return criticOfFake.mean().neg();
    }

    @Override
    public String name() {
        return "wgan-gp";
    }

    public double lambda() {
        return lambda;
    }
}
