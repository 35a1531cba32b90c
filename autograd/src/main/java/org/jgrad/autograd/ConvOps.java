package org.jgrad.autograd;

import java.util.List;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.Convolutions;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Normalization;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.Shapes;

/**
 * 2-D convolution and pooling: forward and backward side by side. Under {@link Autocast} the
 * convolutions cast input, weight and bias to its low dtype; pooling runs in its input's dtype.
 */
final class ConvOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of("conv2d", "conv2d_weight_grad", "conv_transpose2d", "max_pool2d", "avg_pool2d");

    private ConvOps() {}

    /**
     * y[n, o, i, j] = b[o] + Σ<sub>c, u, v</sub> w[o, c, u, v] · x[n, g(o)·Cin/G + c, i·s + u·d - p, j·s + v·d - p]
     * (x read as 0 outside its bounds; g(o) the group of output channel o). y is linear in x, in w
     * and in b, so:
     * <ul>
     *   <li>dx = Σ over every (n, o, i, j, u, v) that read x[…] of G[n, o, i, j] · w[o, c, u, v]: a
     *       transposed convolution of G with w ({@link Convolutions#conv2dInputGrad});</li>
     *   <li>dw[o, c, u, v] = Σ<sub>n, i, j</sub> G[n, o, i, j] · x[n, …, i·s + u·d - p, j·s + v·d - p]:
     *       the correlation of x with G ({@link Convolutions#conv2dWeightGrad});</li>
     *   <li>db[o] = Σ<sub>n, i, j</sub> G[n, o, i, j], since b is broadcast as (1, Cout, 1, 1).</li>
     * </ul>
     * {@code bias} may be null; x (N, Cin, H, W), w (Cout, Cin/groups, kH, kW), bias (Cout).
     */
    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dParams p) {
        return conv2dIn(Autocast.lowPrecision(x), Autocast.lowPrecision(w), Autocast.lowPrecision(bias), p);
    }

    /** {@link #conv2d} on operands already in the dtype the autocast policy chose. */
    private static Tensor conv2dIn(Tensor x, Tensor w, Tensor bias, Conv2dParams p) {
        NDArray xd = x.data(), wd = w.data();
        NDArray y = xd.conv2d(wd, p);
        if (bias != null) {
            int cOut = wd.shape(0);
            if (bias.rank() != 1 || bias.shape(0) != cOut)
                throw new IllegalArgumentException("conv2d: bias must have shape (" + cOut + ") for weight "
                        + Shapes.format(wd.shape()) + ", got " + Shapes.format(bias.shape()));
            y = addBias(y, bias.data());
        }
        int[] xShape = xd.shape(), wShape = wd.shape();
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return Tensor.record("conv2d", y, inputs, (g, needs) -> {
            NDArray[] grads = new NDArray[inputs.length];
            if (needs[0]) grads[0] = Convolutions.conv2dInputGrad(g, wd, xShape, p).to(x.dtype());
            if (needs[1]) grads[1] = Convolutions.conv2dWeightGrad(xd, g, wShape, p).to(w.dtype());
            if (bias != null && needs[2]) grads[2] = biasGrad(g, bias);
            return grads;
        }, (g, needs) -> {                                   // the same in tensor ops: the double backward
            Tensor[] grads = new Tensor[inputs.length];
            if (needs[0]) grads[0] = inputGradOfConv2d(g, w, xShape, p);
            if (needs[1]) grads[1] = conv2dWeightGrad(x, g, wShape, p);
            if (bias != null && needs[2]) grads[2] = g.sum(new int[] {0, 2, 3}, false);
            return grads;
        }, xd, wd);
    }

    /**
     * conv2d's input gradient dx = Cᵀg as a differentiable op: the transposed convolution of g with
     * w, with the output padding that gives back x's size (the rows and columns the forward's
     * stride skipped at the far edge).
     */
    private static Tensor inputGradOfConv2d(Tensor g, Tensor w, int[] xShape, Conv2dParams p) {
        int[] gShape = g.shape(), wShape = w.shape();
        int padH = xShape[2] - ((gShape[2] - 1) * p.strideH() - 2 * p.padH() + p.dilationH() * (wShape[2] - 1) + 1);
        int padW = xShape[3] - ((gShape[3] - 1) * p.strideW() - 2 * p.padW() + p.dilationW() * (wShape[3] - 1) + 1);
        return convTranspose2dIn(g, w, null, p.outputPadding(padH, padW));
    }

    /**
     * conv2d's weight gradient as an op of its own, so that conv2d's double backward can record it:
     * y[o, c, u, v] = Σ<sub>n, i, j</sub> G[n, o, i, j] · x[n, c', i·s + u·d - p, j·s + v·d - p]
     * ({@link Convolutions#conv2dWeightGrad}; c' the input channel of c in o's group). y is
     * bilinear in x and G: for L = Σ H ⊙ y, L = ⟨G, conv2d(x, H)⟩ = ⟨x, conv2dᵀ(G, H)⟩, so
     * <pre>dx = conv2dInputGrad(G, H),  dG = conv2d(x, H)</pre>
     * with H in the weight's place. x (N, Cin, H, W), G (N, Cout, OH, OW); y has {@code wShape}.
     */
    static Tensor conv2dWeightGrad(Tensor x, Tensor g, int[] wShape, Conv2dParams p) {
        NDArray xd = x.data(), gd = g.data();
        int[] xShape = xd.shape();
        return Tensor.record("conv2d_weight_grad", Convolutions.conv2dWeightGrad(xd, gd, wShape, p), new Tensor[] {x, g}, (h, needs) -> new NDArray[] {
            needs[0] ? Convolutions.conv2dInputGrad(gd, h, xShape, p) : null,
            needs[1] ? xd.conv2d(h, p) : null}, xd, gd);
    }

    /** y + b broadcast over (N, ·, H, W), in place over y where the dtypes agree ({@link Normalization#addChannelsInPlace}), else a new array. */
    static NDArray addBias(NDArray y, NDArray b) {
        if (b.dtype() != y.dtype() || !y.dtype().isFloating() || !y.isContiguous()) return y.add(b.reshape(1, b.shape(0), 1, 1));
        return Normalization.addChannelsInPlace(y, b);     // y is the convolution's fresh output, held by no one else
    }

    /** db[o] = Σ over (n, i, j) of G[n, o, i, j], in the bias's dtype. */
    static NDArray biasGrad(NDArray g, Tensor bias) {
        return (g.dtype().isFloating() ? Normalization.channelSums(g) : g.sum(new int[] {0, 2, 3}, false)).to(bias.dtype());
    }

    /**
     * Transposed convolution (PyTorch's conv_transpose2d): the adjoint of {@link #conv2d} with
     * weight w, i.e. the map that conv2d's input gradient applies. For x (N, Cin, H, W) and
     * w (Cin, Cout/groups, kH, kW),
     * y[n, g(c)·Cout/G + o, i·s + u·d - p, j·s + v·d - p] += x[n, c, i, j] · w[c, o, u, v]
     * summed over (c, i, j, u, v), plus b[o] on each output channel, where positions outside
     * y are dropped. The output size is
     * {@code out = (in - 1)·stride - 2·padding + dilation·(k - 1) + outputPadding + 1}, the output
     * padding taken from {@code p}; it only adds rows and columns at the far edge and must be below
     * the stride or the dilation (PyTorch's rule), so that conv2d of the output with the same
     * parameters has exactly the input's size.
     * <p>y = Cᵀx where C is the (linear) conv2d with weight w, so:
     * <ul>
     *   <li>dx = C·G = conv2d(G, w) with the same parameters;</li>
     *   <li>dw[c, o, u, v] = Σ<sub>n, i, j</sub> x[n, c, i, j] · G[n, o, i·s + u·d - p, j·s + v·d - p]:
     *       conv2d's weight gradient with the roles swapped, G as the conv input and x as its output
     *       gradient ({@link Convolutions#conv2dWeightGrad}(G, x, …));</li>
     *   <li>db[o] = Σ<sub>n, i, j</sub> G[n, o, i, j].</li>
     * </ul>
     */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, Conv2dParams p) {
        return convTranspose2dIn(Autocast.lowPrecision(x), Autocast.lowPrecision(w), Autocast.lowPrecision(bias), p);
    }

    /** {@link #convTranspose2d} on operands already in the dtype the autocast policy chose. */
    private static Tensor convTranspose2dIn(Tensor x, Tensor w, Tensor bias, Conv2dParams withOutputPadding) {
        Conv2dParams p = withOutputPadding.outputPadding(0);   // the conv2d whose adjoint this is
        int outputPadH = withOutputPadding.outputPadH(), outputPadW = withOutputPadding.outputPadW();
        NDArray xd = x.data(), wd = w.data();
        int[] xShape = xd.shape(), wShape = wd.shape();
        if (xShape.length != 4 || wShape.length != 4)
            throw new IllegalArgumentException("conv_transpose2d: expected input (N, Cin, H, W) and weight (Cin, Cout/groups, kH, kW), got "
                    + Shapes.format(xShape) + " and " + Shapes.format(wShape));
        if (xShape[1] != wShape[0])
            throw new IllegalArgumentException("conv_transpose2d: weight " + Shapes.format(wShape) + " expects " + wShape[0]
                    + " input channels, but input " + Shapes.format(xShape) + " has " + xShape[1]);
        if (outputPadH >= Math.max(p.strideH(), p.dilationH()) || outputPadW >= Math.max(p.strideW(), p.dilationW()))
            throw new IllegalArgumentException("conv_transpose2d: output padding must be smaller than either the stride or the dilation, got ("
                    + outputPadH + ", " + outputPadW + ") with stride (" + p.strideH() + ", " + p.strideW() + ") and dilation ("
                    + p.dilationH() + ", " + p.dilationW() + ")");
        int[] yShape = convTranspose2dOutputShape(xShape, wShape, p, outputPadH, outputPadW);
        NDArray y = Convolutions.conv2dInputGrad(xd, wd, yShape, p);
        int cOut = yShape[1];
        if (bias != null) {
            if (bias.rank() != 1 || bias.shape(0) != cOut)
                throw new IllegalArgumentException("conv_transpose2d: bias must have shape (" + cOut + ") for weight "
                        + Shapes.format(wShape) + " and groups " + p.groups() + ", got " + Shapes.format(bias.shape()));
            y = addBias(y, bias.data());
        }
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return Tensor.record("conv_transpose2d", y, inputs, (g, needs) -> {
            NDArray[] grads = new NDArray[inputs.length];
            if (needs[0]) grads[0] = g.conv2d(wd, p).to(x.dtype());
            if (needs[1]) grads[1] = Convolutions.conv2dWeightGrad(g, xd, wShape, p).to(w.dtype());
            if (bias != null && needs[2]) grads[2] = biasGrad(g, bias);
            return grads;
        }, xd, wd);
    }

    /** (N, Cout, OH, OW) of a transposed convolution, or an error naming the sizes that do not fit. */
    static int[] convTranspose2dOutputShape(int[] x, int[] w, Conv2dParams p, int outputPadH, int outputPadW) {
        int oh = (x[2] - 1) * p.strideH() - 2 * p.padH() + p.dilationH() * (w[2] - 1) + outputPadH + 1;
        int ow = (x[3] - 1) * p.strideW() - 2 * p.padW() + p.dilationW() * (w[3] - 1) + outputPadW + 1;
        if (oh < 1 || ow < 1)
            throw new IllegalArgumentException("conv_transpose2d: input " + Shapes.format(x) + " with weight " + Shapes.format(w)
                    + " and " + p + " gives an empty output (" + oh + "×" + ow + ")");
        return new int[] {x[0], w[1] * p.groups(), oh, ow};
    }

    /**
     * y[n, c, i, j] = max over the window of x. The maximum's derivative is 1 at the position that
     * won (recorded as an index by the forward) and 0 elsewhere, so dx is G scattered to those
     * positions, adding where overlapping windows chose the same element
     * ({@link Convolutions#maxPool2dBackward}). At ties the gradient goes to the recorded winner only.
     */
    static Tensor maxPool2d(Tensor x, Pool2dParams p) {
        return maxPool2dWithIndices(x, p).values();
    }

    /**
     * {@link #maxPool2d} and where each maximum was (PyTorch's {@code return_indices=True}): int64
     * flat offsets {@code ih·W + iw} within each (n, c) input plane, of shape (N, C, OH, OW).
     */
    static ValuesAndIndices maxPool2dWithIndices(Tensor x, Pool2dParams p) {
        NDArray[] valuesAndIndices = x.data().maxPool2dWithIndices(p);
        NDArray indices = valuesAndIndices[1];
        int[] xShape = x.shape();
        Tensor values = Tensor.record("max_pool2d", valuesAndIndices[0], new Tensor[] {x},
                (g, needs) -> new NDArray[] {Convolutions.maxPool2dBackward(g, indices, xShape, p)}, indices);
        return new ValuesAndIndices(values, indices);
    }

    /**
     * y[n, c, i, j] = (1/k) Σ over the window of x, with k the window size (or the count of
     * non-padded positions when padding is not counted). So each x in a window receives G[n, c, i, j] / k,
     * summed over the windows that contain it ({@link Convolutions#avgPool2dBackward}).
     */
    static Tensor avgPool2d(Tensor x, Pool2dParams p) {
        int[] xShape = x.shape();
        return Tensor.record("avg_pool2d", x.data().avgPool2d(p), new Tensor[] {x},
                (g, needs) -> new NDArray[] {Convolutions.avgPool2dBackward(g, xShape, p)});
    }
}
