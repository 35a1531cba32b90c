package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Module;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;

/**
 * Inverted dropout: in training mode every element is kept with probability 1 − p and scaled,
 * <pre>
 * y = x · m / (1 − p),   m ~ Bernoulli(1 − p) elementwise,
 * </pre>
 * so that E[y] = x and evaluation needs no rescaling; in evaluation mode (and for p = 0) y = x.
 * For p = 1 every element is dropped (y = 0·x). The gradient is dy/dx = m / (1 − p). Masks are
 * drawn from the layer's {@link Generator}, so a seed reproduces them.
 */
public class Dropout extends Module {
    protected final double p;
    protected final Generator generator;

    /** p = 0.5 from the global generator. */
    public Dropout() {
        this(0.5);
    }

    public Dropout(double p) {
        this(p, Generator.global());
    }

    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(getClass().getSimpleName() + ": p must be in [0, 1], got " + p);
        this.p = p;
        this.generator = generator;
    }

    public double p() { return p; }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.dropout(x, p, isTraining(), generator);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
