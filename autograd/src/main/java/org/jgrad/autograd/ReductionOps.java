package org.jgrad.autograd;

import java.util.List;

/** Reductions (sum, mean, max, min, var, std, logsumexp) and softmax / log_softmax: forward and backward side by side. */
final class ReductionOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of();

    private ReductionOps() {}
}
