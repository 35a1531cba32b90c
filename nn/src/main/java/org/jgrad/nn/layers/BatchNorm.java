package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Module;
import org.jgrad.nn.NormalizationLayer;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Batch normalization over axis 1 (the channels, or features) of its input, the code shared by
 * {@link BatchNorm1d} and {@link BatchNorm2d}. For each channel c, with the statistics taken over
 * every other axis (n = N·L or N·H·W values per channel):
 * <pre>
 * y = (x − μ_c) / √(σ²_c + ε) · γ_c + β_c
 * </pre>
 * In training mode μ and σ² are the batch mean and the <em>biased</em> batch variance
 * σ² = (1/n) Σ (x − μ)², and the running statistics are updated (without gradient) as
 * <pre>
 * running_mean ← (1 − m)·running_mean + m·μ
 * running_var  ← (1 − m)·running_var  + m·σ²·n/(n − 1)     (the unbiased variance)
 * </pre>
 * with momentum m, and {@code num_batches_tracked} counts the updates. In evaluation mode μ and σ²
 * are the running statistics. With {@code trackRunningStats = false} there are no buffers and the
 * batch statistics are used in both modes. γ (weight, ones) and β (bias, zeros) exist when
 * {@code affine}. The computation and its gradient (through μ and σ² too) are
 * {@link Functional#batchNorm}, one fused op, which updates the running statistics in place.
 */
public abstract class BatchNorm extends Module implements NormalizationLayer {
    /** PyTorch's defaults. */
    public static final double DEFAULT_EPS = 1e-5, DEFAULT_MOMENTUM = 0.1;

    protected final int numFeatures;
    private final double eps, momentum;
    private final boolean trackRunningStats;
    private final Tensor weight, bias;

    protected BatchNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures < 1) throw new IllegalArgumentException(getClass().getSimpleName() + ": numFeatures must be >= 1, got " + numFeatures);
        if (!(eps > 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be > 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1], got " + momentum);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.trackRunningStats = trackRunningStats;
        this.weight = affine ? registerParameter("weight", NDArray.ones(DType.FLOAT32, numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", NDArray.zeros(DType.FLOAT32, numFeatures)) : null;
        if (trackRunningStats) {
            registerBuffer("running_mean", NDArray.zeros(DType.FLOAT32, numFeatures));
            registerBuffer("running_var", NDArray.ones(DType.FLOAT32, numFeatures));
            registerBuffer("num_batches_tracked", NDArray.scalar(0, DType.INT64));
        }
    }

    /** Throws, naming the layer and the shape, unless {@code x} has a shape this layer accepts. */
    protected abstract void checkInput(Tensor x);

    public Tensor weight() { return weight; }
    public Tensor bias() { return bias; }
    public boolean tracksRunningStats() { return trackRunningStats; }

    /** The running mean (C); null without running statistics. */
    public NDArray runningMean() { return trackRunningStats ? buffer("running_mean") : null; }
    /** The running (unbiased) variance (C); null without running statistics. */
    public NDArray runningVar() { return trackRunningStats ? buffer("running_var") : null; }
    /**
     * Replaces the running mean and (unbiased) variance, each (C), e.g. with statistics computed
     * elsewhere; they are copied, in the buffers' dtype. PyTorch assigns {@code running_mean} and
     * {@code running_var} directly.
     *
     * @throws IllegalArgumentException naming the layer, when it keeps no running statistics or a shape is not (C)
     */
    public void setRunningStats(NDArray mean, NDArray var) {
        String name = getClass().getSimpleName() + "(" + numFeatures + ")";
        if (!trackRunningStats) throw new IllegalArgumentException(name + ": setRunningStats on a layer without running statistics (trackRunningStats=false)");
        for (NDArray a : new NDArray[] {mean, var})
            if (a.rank() != 1 || a.shape(0) != numFeatures || !a.dtype().isFloating())
                throw new IllegalArgumentException(name + ": setRunningStats expects floating (" + numFeatures + ") arrays, got "
                        + (a == mean ? "mean " : "var ") + a.dtype() + " " + Shapes.format(a.shape()));
        if (var.min().item() < 0) throw new IllegalArgumentException(name + ": setRunningStats: the variance must be >= 0, got min " + var.min().item());
        setBuffer("running_mean", mean.to(buffer("running_mean").device()).copy());
        setBuffer("running_var", var.to(buffer("running_var").device()).copy());
    }

    /** How many training batches updated the running statistics; 0 without them. */
    public long numBatchesTracked() { return trackRunningStats ? buffer("num_batches_tracked").getLong() : 0; }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        requireInputDType(x);
        boolean batchStatistics = isTraining() || !trackRunningStats;
        if (isTraining() && x.numel() / numFeatures <= 1)
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + "): expected more than 1 value per channel when training, got input "
                    + Shapes.format(x.shape()));
        boolean updates = isTraining() && trackRunningStats;
        Tensor y = Functional.batchNorm(x, trackRunningStats ? buffer("running_mean") : null, trackRunningStats ? buffer("running_var") : null,
                weight, bias, batchStatistics, momentum, eps);
        if (updates) setBuffer("num_batches_tracked", buffer("num_batches_tracked").add(1));
        return y;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null) + ", trackRunningStats=" + trackRunningStats;
    }
}
