package org.jgrad.autograd;

import org.jgrad.tensor.NDArray;

/**
 * The chain rule of one op: given dL/d(output), the gradients dL/d(input_i) for the inputs whose
 * {@code needs[i]} is true (null for the others). Each op writes its own, next to its forward.
 */
@FunctionalInterface
public interface Backward {
    NDArray[] apply(NDArray gradOutput, boolean[] needs);
}
