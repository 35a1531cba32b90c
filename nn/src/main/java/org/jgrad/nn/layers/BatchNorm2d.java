package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.Shapes;

/**
 * {@link BatchNorm} of (N, C, H, W) input: per channel c, statistics over the batch and both
 * spatial axes (n = N·H·W values), y = (x − μ_c) / √(σ²_c + ε) · γ_c + β_c.
 */
public final class BatchNorm2d extends BatchNorm {
    /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM, true, true);
    }

    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(Tensor x) {
        if (x.rank() != 4 || x.shape(1) != numFeatures)
            throw new IllegalArgumentException("BatchNorm2d(" + numFeatures + "): expected input (N, " + numFeatures + ", H, W), got "
                    + Shapes.format(x.shape()));
    }
}
