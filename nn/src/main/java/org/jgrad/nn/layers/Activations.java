package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Module;

/** The activation functions as modules, for use in {@link org.jgrad.nn.Sequential}. */
public final class Activations {
    private Activations() {}

    /** max(x, 0) */
    public static final class ReLU extends Module {
        @Override public Tensor forward(Tensor x) { return x.relu(); }
    }

    /** x for x &gt; 0, slope·x otherwise ({@link Tensor#leakyRelu}); the gradient at 0 is the slope, as in PyTorch. */
    public static final class LeakyReLU extends Module {
        private final double slope;

        public LeakyReLU(double negativeSlope) {
            this.slope = negativeSlope;
        }

        public LeakyReLU() {
            this(0.01);
        }

        @Override public Tensor forward(Tensor x) { return Functional.leakyRelu(x, slope); }
        @Override protected String extraRepr() { return "negativeSlope=" + slope; }
    }

    /** x·Φ(x), the exact (erf) form. */
    public static final class GELU extends Module {
        @Override public Tensor forward(Tensor x) { return x.gelu(); }
    }

    /** x·σ(x) */
    public static final class SiLU extends Module {
        @Override public Tensor forward(Tensor x) { return x.silu(); }
    }

    /** tanh x */
    public static final class Tanh extends Module {
        @Override public Tensor forward(Tensor x) { return x.tanh(); }
    }

    /** 1 / (1 + e^-x) */
    public static final class Sigmoid extends Module {
        @Override public Tensor forward(Tensor x) { return x.sigmoid(); }
    }

    /** softmax along an axis. */
    public static final class Softmax extends Module {
        private final int axis;

        public Softmax(int axis) {
            this.axis = axis;
        }

        @Override public Tensor forward(Tensor x) { return x.softmax(axis); }
        @Override protected String extraRepr() { return "axis=" + axis; }
    }
}
