package org.jgrad.nn.losses;

import java.util.Arrays;
import java.util.Objects;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.Shapes;

/** Validation shared by the element-wise losses ({@link MseLoss}, {@link L1Loss}, {@link BceWithLogitsLoss}). */
final class Pointwise {
    private Pointwise() {}

    /** Input and target floating and of one shape. */
    static void check(String loss, Tensor input, Tensor target) {
        Objects.requireNonNull(input, loss + ": input is null");
        Objects.requireNonNull(target, loss + ": target is null");
        if (!input.dtype().isFloating())
            throw new IllegalArgumentException(loss + ": input must be floating, got " + input.dtype());
        if (!target.dtype().isFloating())
            throw new IllegalArgumentException(loss + ": target must be floating, got " + target.dtype() + " (convert it, e.g. target.to(DType.FLOAT32))");
        if (!Arrays.equals(input.shape(), target.shape()))
            throw new IllegalArgumentException(loss + ": input shape " + Shapes.format(input.shape()) + " and target shape "
                    + Shapes.format(target.shape()) + " differ (they must be equal)");
    }
}
