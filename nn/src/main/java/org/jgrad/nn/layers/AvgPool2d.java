package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Module;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.Shapes;

/**
 * 2-D average pooling of (N, C, H, W): y[n, c, i, j] = (1/K) Σ<sub>u, v</sub> x[n, c, i·s + u − p, j·s + v − p]
 * over the kH × kW window, with padded positions read as 0 and K = kH·kW when
 * {@code countIncludePad} (PyTorch's default), else K = the number of positions inside the input.
 * Output size ⌊(H + 2p − k) / s⌋ + 1. Each input receives G / K from every window containing it.
 */
public final class AvgPool2d extends Module {
    private final Pool2dParams params;

    /** Window {@code kernel}, stride = kernel, no padding. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0, true);
    }

    /** Square window; stride 0 means the kernel size (PyTorch's default). */
    public AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        this(Pool2dParams.kernel(kernel).stride(stride == 0 ? kernel : stride).padding(padding).countIncludePad(countIncludePad));
    }

    /** Any window, stride and padding (dilation must be 1). */
    public AvgPool2d(Pool2dParams params) {
        if (params.dilationH() != 1 || params.dilationW() != 1)
            throw new IllegalArgumentException("AvgPool2d: dilation is not supported, got (" + params.dilationH() + ", " + params.dilationW() + ")");
        this.params = params;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4)
            throw new IllegalArgumentException("AvgPool2d(" + extraRepr() + "): expected input (N, C, H, W), got " + Shapes.format(x.shape()));
        return Functional.avgPool2d(x, params);
    }

    @Override
    protected String extraRepr() {
        return "kernel=" + params.kH() + "×" + params.kW() + ", stride=(" + params.strideH() + ", " + params.strideW() + "), padding=("
                + params.padH() + ", " + params.padW() + "), countIncludePad=" + params.countIncludePad();
    }
}
