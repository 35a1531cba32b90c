package org.jgrad.autograd;

/**
 * The chain rule of one op written with differentiable {@link Tensor} ops instead of arrays: given
 * dL/d(output) as a tensor, the tensors dL/d(input_i) for the inputs whose {@code needs[i]} is true
 * (null for the others). {@link Autograd#grad} with {@code createGraph} runs these with recording
 * on, so the gradients it returns have a graph of their own and can be differentiated again
 * (gradients of gradients, as a gradient penalty needs). An op records one beside its
 * {@link Backward} only where it is twice differentiable; the two must compute the same values.
 */
@FunctionalInterface
public interface TensorBackward {
    Tensor[] apply(Tensor gradOutput, boolean[] needs);
}
