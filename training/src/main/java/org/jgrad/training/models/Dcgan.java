package org.jgrad.training.models;

import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.BatchNorm2d;
import org.jgrad.nn.layers.Conv2d;
import org.jgrad.nn.layers.ConvTranspose2d;
import org.jgrad.nn.layers.Flatten;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.random.Generator;

/**
 * A DCGAN-style generator and critic for 28×28 grey images, small enough to train on a CPU.
 *
 * <pre>
 * generator  z (N, nz, 1, 1)
 *   → ConvTranspose2d(nz → 2w, 7×7)            (N, 2w, 7, 7)   BatchNorm, ReLU
 *   → ConvTranspose2d(2w → w, 4×4, stride 2, padding 1)   (N, w, 14, 14)  BatchNorm, ReLU
 *   → ConvTranspose2d(w → 1, 4×4, stride 2, padding 1)    (N, 1, 28, 28)  tanh: pixels in (-1, 1)
 * critic     x (N, 1, 28, 28)
 *   → Conv2d(1 → w, 4×4, stride 2, padding 1)  (N, w, 14, 14)  LeakyReLU(0.2)
 *   → Conv2d(w → 2w, 4×4, stride 2, padding 1) (N, 2w, 7, 7)   LeakyReLU(0.2)
 *   → flatten → Linear(2w·49 → 1)               (N, 1): a logit (plain GAN) or a score (WGAN)
 * </pre>
 * The critic has no normalization layer: WGAN-GP's penalty is taken per sample, which batch
 * statistics would mix, and every op on its path (conv2d, leaky relu, reshape, matmul, add) is
 * twice differentiable, as the penalty needs ({@link org.jgrad.autograd.Autograd#grad}). The layers
 * keep their default (Kaiming) initialization rather than DCGAN's N(0, 0.02).
 */
public final class Dcgan {
    /** Side of the images. */
    public static final int SIDE = 28;

    private Dcgan() {}

    /** The generator from noise (N, nz, 1, 1) to images (N, 1, 28, 28) in (-1, 1); {@code width} w sets the channels (2w, w). */
    public static Module generator(int nz, int width, Generator g) {
        check(nz, width);
        return new Sequential(
                new ConvTranspose2d(nz, 2 * width, 7, 1, 0, 0, 1, 1, false, g), new BatchNorm2d(2 * width), new Activations.ReLU(),
                new ConvTranspose2d(2 * width, width, 4, 2, 1, 0, 1, 1, false, g), new BatchNorm2d(width), new Activations.ReLU(),
                new ConvTranspose2d(width, 1, 4, 2, 1, 0, 1, 1, true, g), new Activations.Tanh());
    }

    /** The critic from images (N, 1, 28, 28) to one number each (N, 1); channels w, 2w. */
    public static Module critic(int width, Generator g) {
        check(1, width);
        return new Sequential(
                new Conv2d(1, width, 4, 2, 1, 1, 1, true, g), new Activations.LeakyReLU(0.2),
                new Conv2d(width, 2 * width, 4, 2, 1, 1, 1, true, g), new Activations.LeakyReLU(0.2),
                new Flatten(), new Linear(2 * width * 7 * 7, 1, true, g));
    }

    private static void check(int nz, int width) {
        if (nz < 1 || width < 1) throw new IllegalArgumentException("Dcgan: noise size and width must be >= 1, got nz=" + nz + ", width=" + width);
    }
}
