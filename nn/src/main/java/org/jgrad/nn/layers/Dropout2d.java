package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;

/**
 * Channel dropout of (N, C, H, W) input: in training mode each whole channel (n, c) is kept with
 * probability 1 − p and scaled by 1/(1 − p), y = x · m / (1 − p) with m ~ Bernoulli(1 − p) of
 * shape (N, C, 1, 1) broadcast over H and W; identity in evaluation mode. Suited to convolutional
 * feature maps, whose neighbouring values are strongly correlated.
 */
public final class Dropout2d extends Dropout {
    public Dropout2d() {
        this(0.5);
    }

    public Dropout2d(double p) {
        this(p, Generator.global());
    }

    public Dropout2d(double p, Generator generator) {
        super(p, generator);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4)
            throw new IllegalArgumentException("Dropout2d(p=" + p + "): expected input (N, C, H, W), got " + Shapes.format(x.shape()));
        return Functional.dropout2d(x, p, isTraining(), generator);
    }
}
