package org.jgrad.autograd;

import java.util.Arrays;
import org.jgrad.tensor.NDArray;

/** Shape bookkeeping shared by the backward rules. */
final class Gradients {
    private Gradients() {}

    /**
     * Undoes broadcasting: sums {@code g} over the leading axes the input lacked and over the axes
     * where the input had size 1, giving the input's shape and dtype. If y = f(broadcast(x)), then
     * dL/dx is the sum of dL/dy over every copy of x that broadcasting made.
     */
    static NDArray sumTo(NDArray g, Tensor input) {
        int[] shape = input.shape();
        NDArray result = g;
        if (!Arrays.equals(g.shape(), shape)) {
            int[] axes = broadcastAxes(g.shape(), shape);
            result = (axes.length == 0 ? g : g.sum(axes, true)).reshape(shape);
        }
        return result.to(input.dtype());
    }

    /** {@link #sumTo(NDArray, Tensor)} in differentiable ops, for the double backward ({@link TensorBackward}). */
    static Tensor sumTo(Tensor g, Tensor input) {
        int[] shape = input.shape();
        Tensor result = g;
        if (!Arrays.equals(g.shape(), shape)) {
            int[] axes = broadcastAxes(g.shape(), shape);
            result = (axes.length == 0 ? g : g.sum(axes, true)).reshape(shape);
        }
        return result.dtype() == input.dtype() ? result : result.to(input.dtype());
    }

    /**
     * The axes of a gradient of shape {@code grad} that broadcasting an input of shape
     * {@code input} created: the leading axes the input lacked, and those where it had size 1
     * and the gradient has more.
     */
    private static int[] broadcastAxes(int[] grad, int[] input) {
        int lead = grad.length - input.length;
        int[] axes = new int[grad.length];
        int n = 0;
        for (int i = 0; i < grad.length; i++)
            if (i < lead || (input[i - lead] == 1 && grad[i] != 1)) axes[n++] = i;
        return Arrays.copyOf(axes, n);
    }
}
