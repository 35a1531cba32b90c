package org.jgrad.nn;

import org.jgrad.autograd.Tensor;

/** Modules applied one after another; children are named 0, 1, 2, ... */
public final class Sequential extends Module {
    private final Module[] layers;

    public Sequential(Module... layers) {
        this.layers = layers.clone();
        for (int i = 0; i < layers.length; i++) registerModule(Integer.toString(i), layers[i]);
    }

    /** The i-th layer. */
    public Module get(int i) {
        return layers[i];
    }

    public int size() {
        return layers.length;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module layer : layers) x = layer.forward(x);
        return x;
    }
}
