package org.jgrad.autograd;

import java.util.function.Function;
import java.util.function.Supplier;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;

/**
 * One row of the gradient-check table: an op (by the name its node records), a variant label,
 * fresh float64 inputs, which of them are differentiable, and the function of tensors to check.
 */
record OpSpec(String op, String variant, Supplier<NDArray[]> inputs, boolean[] differentiable, Function<Tensor[], Tensor> f) {
    @Override
    public String toString() {
        return op + " [" + variant + "]";
    }

    /** All inputs differentiable. */
    static OpSpec of(String op, String variant, Supplier<NDArray[]> inputs, int arity, Function<Tensor[], Tensor> f) {
        boolean[] all = new boolean[arity];
        java.util.Arrays.fill(all, true);
        return new OpSpec(op, variant, inputs, all, f);
    }

    // ---- input generators (seeded: the same spec always sees the same numbers) ----

    /** Standard normal float64. */
    static NDArray randn(long seed, int... shape) {
        return NDArray.randn(new Generator(seed), DType.FLOAT64, shape);
    }

    /** Uniform on [lo, hi) float64, e.g. to keep log and sqrt away from 0. */
    static NDArray uniform(long seed, double lo, double hi, int... shape) {
        return NDArray.rand(new Generator(seed), DType.FLOAT64, shape).mul(hi - lo).add(lo);
    }

    /** Standard normal with the given shape but a non-contiguous (axis-reversed) layout. */
    static NDArray randnStrided(long seed, int... shape) {
        int[] reversed = new int[shape.length], order = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            reversed[i] = shape[shape.length - 1 - i];
            order[i] = shape.length - 1 - i;
        }
        return randn(seed, reversed).copy().permute(order);
    }

    static NDArray[] arrays(NDArray... a) {
        return a;
    }
}
