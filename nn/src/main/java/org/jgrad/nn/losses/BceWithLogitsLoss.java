package org.jgrad.nn.losses;

import java.util.Arrays;
import java.util.Objects;
import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Binary cross entropy on logits, PyTorch's {@code nn.BCEWithLogitsLoss}: the sigmoid and the
 * cross entropy in one numerically stable expression. For a logit x and a target y in [0, 1]
 * (soft targets allowed),
 *
 * <pre>
 *   −[y·log σ(x) + (1 − y)·log(1 − σ(x))]  =  max(x, 0) − x·y + log(1 + e^(−|x|))
 * </pre>
 *
 * which never exponentiates a positive number. With a positive-class weight p (PyTorch's
 * {@code pos_weight}, broadcast against the input, typically one value per class on the last
 * axis) the positive term is scaled, −[p·y·log σ(x) + (1 − y)·log(1 − σ(x))], computed as
 *
 * <pre>
 *   ℓᵢ = (1 − yᵢ)·xᵢ + (1 + (pᵢ − 1)·yᵢ) · (log(1 + e^(−|xᵢ|)) + max(−xᵢ, 0))
 * </pre>
 *
 * (equal to the first form when p = 1). An optional element weight w (PyTorch's {@code weight},
 * broadcast against the input) multiplies ℓᵢ. MEAN divides Σᵢ wᵢℓᵢ by the number of elements, SUM
 * returns the sum, NONE the per-element values. Input and target must be floating and of one shape.
 */
public final class BceWithLogitsLoss {
    private static final String NAME = "BceWithLogitsLoss";

    private final NDArray weight, posWeight;
    private final Reduction reduction;

    /** Mean reduction, no weights. */
    public BceWithLogitsLoss() {
        this(null, null, Reduction.MEAN);
    }

    /**
     * @param weight element weights broadcast against the input, or null
     * @param posWeight positive-class weights broadcast against the input, or null
     * @param reduction how element values are combined
     */
    public BceWithLogitsLoss(NDArray weight, NDArray posWeight, Reduction reduction) {
        this.weight = checkFloating("weight", weight);
        this.posWeight = checkFloating("posWeight", posWeight);
        this.reduction = Objects.requireNonNull(reduction, NAME + ": reduction is null");
    }

    public BceWithLogitsLoss withWeight(NDArray weight) { return new BceWithLogitsLoss(weight, posWeight, reduction); }
    public BceWithLogitsLoss withPosWeight(NDArray posWeight) { return new BceWithLogitsLoss(weight, posWeight, reduction); }
    public BceWithLogitsLoss withReduction(Reduction reduction) { return new BceWithLogitsLoss(weight, posWeight, reduction); }

    public NDArray weight() { return weight; }
    public NDArray posWeight() { return posWeight; }
    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) {
        Pointwise.check(NAME, input, target);
        Tensor x = Autocast.fullPrecision(input), y = Autocast.fullPrecision(target);
        // log(1 + e^(−|x|)): the argument of exp is ≤ 0, so it cannot overflow
        Tensor softplusNegAbs = x.abs().neg().exp().add(1).log();
        Tensor loss;
        if (posWeight == null) {
            loss = x.relu().sub(x.mul(y)).add(softplusNegAbs);
        } else {
            Tensor p = constant("posWeight", posWeight, x);
            Tensor scale = p.sub(1).mul(y).add(1);
            loss = y.neg().add(1).mul(x).add(scale.mul(softplusNegAbs.add(x.neg().relu())));
        }
        if (weight != null) loss = loss.mul(constant("weight", weight, x));
        return reduction.reduce(loss);
    }

    /** With a constant target. */
    public Tensor forward(Tensor input, NDArray target) {
        return forward(input, Tensor.of(target));
    }

    private static Tensor constant(String what, NDArray w, Tensor x) {
        int[] b;
        try {
            b = Shapes.broadcast(NAME, w.shape(), x.shape());
        } catch (IllegalArgumentException e) {
            b = null;
        }
        if (b == null || !Arrays.equals(b, x.shape()))
            throw new IllegalArgumentException(NAME + ": " + what + " of shape " + Shapes.format(w.shape())
                    + " does not broadcast to the input shape " + Shapes.format(x.shape()));
        return Tensor.of(w.to(x.dtype()).to(x.device()));
    }

    private static NDArray checkFloating(String what, NDArray w) {
        if (w == null) return null;
        if (!w.dtype().isFloating())
            throw new IllegalArgumentException(NAME + ": " + what + " must be floating, got " + w.dtype());
        return w.copy();
    }

    @Override
    public String toString() {
        return NAME + "(reduction=" + reduction + (weight != null ? ", weight" : "") + (posWeight != null ? ", posWeight" : "") + ")";
    }
}
