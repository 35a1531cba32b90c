package org.jgrad.autograd;

import java.util.List;

/** Joining (cat, stack, split, chunk, pad): forward and backward side by side. */
final class JoinOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of();

    private JoinOps() {}
}
