package org.jgrad.training.learner;

import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;

/** A training loss: the model's output and the batch's targets to a scalar tensor. */
@FunctionalInterface
public interface LossFunction {
    Tensor apply(Tensor output, NDArray target);
}
