package org.jgrad.training.gan;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.losses.BceWithLogitsLoss;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;

/**
 * The plain GAN loss with the critic's output a logit D(x) (binary cross-entropy with logits,
 * ℓ(d, t) = -t·log σ(d) - (1 - t)·log(1 - σ(d)), averaged over the batch):
 * <pre>
 * critic     L_D = ℓ(D(x), 1) + ℓ(D(G(z)), 0)      real called real, generated called generated
 * generator  L_G = ℓ(D(G(z)), 1)                   the "non-saturating" loss of Goodfellow et al.
 * </pre>
 * L_G = -log σ(D(G(z))) keeps a strong gradient while the critic wins, where the minimax form
 * log(1 - σ(D(G(z)))) would flatten out.
 */
public final class BceGanLoss implements GanLoss {
    private final BceWithLogitsLoss bce = new BceWithLogitsLoss();

    @Override
    public Tensor critic(Module critic, Tensor real, Tensor fake, Generator rng) {
        Tensor onReal = critic.forward(real), onFake = critic.forward(fake);
        return bce.forward(onReal, filled(onReal, 1)).add(bce.forward(onFake, filled(onFake, 0)));
    }

    @Override
    public Tensor generator(Tensor criticOfFake) {
        return bce.forward(criticOfFake, filled(criticOfFake, 1));
    }

    private static NDArray filled(Tensor like, double value) {
        return NDArray.full(value, like.dtype(), like.shape()).to(like.device());
    }

    @Override
    public String name() {
        return "gan";
    }
}
