package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Module;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.Shapes;

/**
 * 2-D max pooling of (N, C, H, W): y[n, c, i, j] = max<sub>u, v</sub> x[n, c, i·s + u·d − p, j·s + v·d − p]
 * over the kH × kW window (padding never wins), with output size
 * ⌊(H + 2p − d·(k − 1) − 1) / s⌋ + 1. The gradient goes to each window's maximum.
 */
public final class MaxPool2d extends Module {
    private final Pool2dParams params;

    /** Window {@code kernel}, stride = kernel, no padding. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** Square window; stride 0 means the kernel size (PyTorch's default). */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(Pool2dParams.kernel(kernel).stride(stride == 0 ? kernel : stride).padding(padding));
    }

    /** Any window, stride, padding and dilation. */
    public MaxPool2d(Pool2dParams params) {
        this.params = params;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4)
            throw new IllegalArgumentException("MaxPool2d(" + extraRepr() + "): expected input (N, C, H, W), got " + Shapes.format(x.shape()));
        return Functional.maxPool2d(x, params);
    }

    @Override
    protected String extraRepr() {
        return "kernel=" + params.kH() + "×" + params.kW() + ", stride=(" + params.strideH() + ", " + params.strideW() + "), padding=("
                + params.padH() + ", " + params.padW() + "), dilation=(" + params.dilationH() + ", " + params.dilationW() + ")";
    }
}
