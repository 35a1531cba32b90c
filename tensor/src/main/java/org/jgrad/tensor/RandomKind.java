package org.jgrad.tensor;

/**
 * The distributions a backend draws on its own device, each defined element by element in
 * {@link org.jgrad.tensor.random.RandomStream} so every backend produces the same numbers.
 */
public enum RandomKind {
    /** Uniform on [0, 1), float32 or float64. */
    UNIFORM,
    /** Standard normal (Box-Muller), float32 or float64. */
    NORMAL,
    /** float32 1 with probability p, else 0. */
    BERNOULLI
}
