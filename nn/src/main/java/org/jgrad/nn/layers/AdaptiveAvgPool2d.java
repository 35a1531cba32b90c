package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Module;
import org.jgrad.tensor.Shapes;

/**
 * Average pooling of (N, C, H, W) to a fixed output size (OH, OW) whatever H and W are. As in
 * PyTorch, output row i averages input rows [⌊i·H/OH⌋, ⌈(i + 1)·H/OH⌉) (windows may overlap by one
 * and differ in size by one), and likewise for columns:
 * <pre>
 * y[n, c, i, j] = mean of x[n, c, h, w] over h ∈ [hs(i), he(i)), w ∈ [ws(j), we(j)).
 * </pre>
 * A mean over a rectangle is the mean over rows of the means over columns, so the pooling is done
 * one axis at a time. When H is a multiple of OH and W of OW the windows are the tiles of
 * {@link Tensor#avgPool2d} with kernel = stride = (H/OH, W/OW), which is used instead.
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH, outW;

    /** Square output size. */
    public AdaptiveAvgPool2d(int outSize) {
        this(outSize, outSize);
    }

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be >= 1, got " + outH + "×" + outW);
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.shape(2) < 1 || x.shape(3) < 1)
            throw new IllegalArgumentException("AdaptiveAvgPool2d(" + outH + "×" + outW + "): expected input (N, C, H, W) with H, W >= 1, got "
                    + Shapes.format(x.shape()));
        return Functional.adaptiveAvgPool2d(x, outH, outW);
    }

    @Override
    protected String extraRepr() {
        return "outputSize=" + outH + "×" + outW;
    }
}
