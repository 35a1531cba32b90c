package org.jgrad.tensor;

/**
 * The scalars of one SGD step of one parameter (see {@link Backend#sgdUpdate}).
 *
 * @param lr          learning rate η
 * @param momentum    μ (0: plain SGD, no buffer)
 * @param dampening   τ
 * @param weightDecay λ, as an L2 term added to the gradient
 * @param nesterov    Nesterov momentum
 * @param firstStep   true on the parameter's first step, when PyTorch starts the buffer at the gradient itself
 */
public record SgdStep(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean firstStep) {}
