package org.jgrad.nn.layers;

import java.util.Arrays;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Module;
import org.jgrad.nn.NormalizationLayer;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Layer normalization over the trailing axes given by {@code normalizedShape}: for each position
 * of the leading axes, with μ and σ² the mean and biased variance over the k trailing axes,
 * <pre>
 * y = (x − μ) / √(σ² + ε) · γ + β
 * </pre>
 * where γ (weight, ones) and β (bias, zeros) have shape {@code normalizedShape} and exist when
 * {@code elementwiseAffine}. The same computation in training and evaluation mode; no running
 * statistics. The gradient comes from the engine through the composing ops.
 */
public final class LayerNorm extends Module implements NormalizationLayer {
    private final int[] normalizedShape;
    private final double eps;
    private final Tensor weight, bias;

    /** eps 1e-5, with γ and β. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalizedShape must have at least one axis");
        for (int s : normalizedShape)
            if (s < 1) throw new IllegalArgumentException("LayerNorm: normalizedShape sizes must be >= 1, got " + Shapes.format(normalizedShape));
        if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm: eps must be > 0, got " + eps);
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", NDArray.ones(DType.FLOAT32, normalizedShape)) : null;
        this.bias = elementwiseAffine ? registerParameter("bias", NDArray.zeros(DType.FLOAT32, normalizedShape)) : null;
    }

    public Tensor weight() { return weight; }
    public Tensor bias() { return bias; }

    @Override
    public Tensor forward(Tensor x) {
        int k = normalizedShape.length, rank = x.rank();
        int[] shape = x.shape();
        if (rank < k || !Arrays.equals(Arrays.copyOfRange(shape, rank - k, rank), normalizedShape))
            throw new IllegalArgumentException("LayerNorm" + Shapes.format(normalizedShape) + ": expected input (…, "
                    + Shapes.format(normalizedShape).replaceAll("^\\(|\\)$", "") + "), got " + Shapes.format(shape));
        requireInputDType(x);
        return Functional.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return Shapes.format(normalizedShape) + ", eps=" + eps + ", elementwiseAffine=" + (weight != null);
    }
}
