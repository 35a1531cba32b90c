package org.jgrad.autograd;

import java.util.List;

/** gather, index_select, scatter_add: forward and backward side by side. */
final class IndexOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of();

    private IndexOps() {}
}
