package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;

/** Merges axes {@code start..end} (default 1..-1: everything but the batch) into one. */
public final class Flatten extends Module {
    private final int start, end;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startAxis, int endAxis) {
        this.start = startAxis;
        this.end = endAxis;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(start, end);
    }

    @Override
    protected String extraRepr() {
        return "start=" + start + ", end=" + end;
    }
}
