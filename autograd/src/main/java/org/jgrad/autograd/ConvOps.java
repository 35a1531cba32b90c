package org.jgrad.autograd;

import java.util.List;

/** conv2d and pooling: forward and backward side by side. */
final class ConvOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of();

    private ConvOps() {}
}
