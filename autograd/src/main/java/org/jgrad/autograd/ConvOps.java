package org.jgrad.autograd;

import java.util.List;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.Convolutions;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.Shapes;

/** 2-D convolution and pooling: forward and backward side by side. */
final class ConvOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of("conv2d", "max_pool2d", "avg_pool2d");

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
        NDArray xd = x.data(), wd = w.data();
        NDArray y = xd.conv2d(wd, p);
        if (bias != null) {
            int cOut = wd.shape(0);
            if (bias.rank() != 1 || bias.shape(0) != cOut)
                throw new IllegalArgumentException("conv2d: bias must have shape (" + cOut + ") for weight "
                        + Shapes.format(wd.shape()) + ", got " + Shapes.format(bias.shape()));
            y = y.add(bias.data().reshape(1, cOut, 1, 1));
        }
        int[] xShape = xd.shape(), wShape = wd.shape();
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return Tensor.record("conv2d", y, inputs, (g, needs) -> {
            NDArray[] grads = new NDArray[inputs.length];
            if (needs[0]) grads[0] = Convolutions.conv2dInputGrad(g, wd, xShape, p).to(x.dtype());
            if (needs[1]) grads[1] = Convolutions.conv2dWeightGrad(xd, g, wShape, p).to(w.dtype());
            if (bias != null && needs[2]) grads[2] = g.sum(new int[] {0, 2, 3}, false).to(bias.dtype());
            return grads;
        }, xd, wd);
    }

    /**
     * y[n, c, i, j] = max over the window of x. The maximum's derivative is 1 at the position that
     * won (recorded as an index by the forward) and 0 elsewhere, so dx is G scattered to those
     * positions, adding where overlapping windows chose the same element
     * ({@link Convolutions#maxPool2dBackward}). At ties the gradient goes to the recorded winner only.
     */
    static Tensor maxPool2d(Tensor x, Pool2dParams p) {
        NDArray[] valuesAndIndices = x.data().maxPool2dWithIndices(p);
        NDArray indices = valuesAndIndices[1];
        int[] xShape = x.shape();
        return Tensor.record("max_pool2d", valuesAndIndices[0], new Tensor[] {x},
                (g, needs) -> new NDArray[] {Convolutions.maxPool2dBackward(g, indices, xShape, p)}, indices);
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
