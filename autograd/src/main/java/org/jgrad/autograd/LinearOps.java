package org.jgrad.autograd;

import java.util.List;

/** Matrix products (matmul, batched): forward and backward side by side. */
final class LinearOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of();

    private LinearOps() {}
}
