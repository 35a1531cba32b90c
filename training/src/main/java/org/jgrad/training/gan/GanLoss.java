package org.jgrad.training.gan;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.tensor.random.Generator;

/**
 * The two losses of a GAN (fastai's {@code GANLoss}: a generator loss and a critic loss).
 * {@link BceGanLoss} is the plain GAN, {@link WganGpLoss} the Wasserstein GAN with gradient penalty.
 */
public interface GanLoss {
    /**
     * The critic's loss on a batch of real images and one of generated images (a constant: the
     * generator does not train in this phase), both (N, 1, H, W) in [-1, 1].
     *
     * @param rng the learner's generator, for losses that draw random numbers (WGAN-GP's interpolation)
     */
    Tensor critic(Module critic, Tensor real, Tensor fake, Generator rng);

    /** The generator's loss from the critic's output (N, 1) on generated images (with their graph back to the generator). */
    Tensor generator(Tensor criticOfFake);

    /** {@code gan} or {@code wgan-gp}. */
    String name();
}
