package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.Shapes;

/**
 * {@link BatchNorm} of (N, C) or (N, C, L) input: per feature c, statistics over the batch (and
 * over L), y = (x − μ_c) / √(σ²_c + ε) · γ_c + β_c.
 */
public final class BatchNorm1d extends BatchNorm {
    /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM, true, true);
    }

    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(Tensor x) {
        if ((x.rank() != 2 && x.rank() != 3) || x.shape(1) != numFeatures)
            throw new IllegalArgumentException("BatchNorm1d(" + numFeatures + "): expected input (N, " + numFeatures + ") or (N, "
                    + numFeatures + ", L), got " + Shapes.format(x.shape()));
    }
}
