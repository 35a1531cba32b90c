package org.jgrad.autograd;

import java.util.List;

/** Views (reshape, permute, transpose, narrow, slice, select, expand, squeeze, unsqueeze, flatten): forward and backward side by side. */
final class ViewOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of();

    private ViewOps() {}
}
