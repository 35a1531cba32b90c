package org.jgrad.nn.losses;

import java.util.Objects;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;

/**
 * Mean absolute error, PyTorch's {@code nn.L1Loss}: ℓᵢ = |xᵢ − yᵢ| per element; MEAN divides Σᵢ ℓᵢ
 * by the number of elements, SUM returns Σᵢ ℓᵢ, NONE returns ℓ. The gradient at xᵢ = yᵢ is 0
 * (sign(0) = 0, as in PyTorch).
 *
 * <p>Input and target must be floating and of the same shape. The target may require grad.
 */
public final class L1Loss {
    private static final String NAME = "L1Loss";
    private final Reduction reduction;

    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) {
        this.reduction = Objects.requireNonNull(reduction, NAME + ": reduction is null");
    }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) {
        return Losses.l1Loss(NAME, input, target, reduction);
    }

    /** With a constant target. */
    public Tensor forward(Tensor input, NDArray target) {
        return forward(input, Tensor.of(target));
    }

    @Override
    public String toString() { return NAME + "(reduction=" + reduction + ")"; }
}
