package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Init;
import org.jgrad.nn.Module;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;

/**
 * y = x·Wᵀ + b for x of shape (…, in); W is (out, in), b is (out). Initialized as PyTorch does:
 * W and b uniform on ±1/√in.
 */
public final class Linear extends Module {
    private final int in, out;
    private final Tensor weight, bias;

    public Linear(int in, int out) {
        this(in, out, true, Generator.global());
    }

    public Linear(int in, int out, boolean bias, Generator g) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("Linear: sizes must be >= 1, got in=" + in + " out=" + out);
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", Init.defaultWeight(g, out, in));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(g, in, out)) : null;
    }

    public Tensor weight() { return weight; }
    public Tensor bias() { return bias; }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.shape(-1) != in)
            throw new IllegalArgumentException("Linear(in=" + in + ", out=" + out + "): expected input (…, " + in + "), got " + Shapes.format(x.shape()));
        requireInputDType(x);
        return Functional.linear(x, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in=" + in + ", out=" + out + ", bias=" + (bias != null);
    }
}
