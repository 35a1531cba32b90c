package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;

/** A residual block: y = x + body(x) (identity shortcut), or shortcut(x) + body(x) when the shapes change. */
public final class Residual extends Module {
    private final Module body, shortcut;

    public Residual(Module body) {
        this(body, null);
    }

    public Residual(Module body, Module shortcut) {
        this.body = registerModule("body", body);
        this.shortcut = shortcut == null ? null : registerModule("shortcut", shortcut);
    }

    @Override
    public Tensor forward(Tensor x) {
        return (shortcut == null ? x : shortcut.forward(x)).add(body.forward(x));
    }
}
