package org.jgrad.autograd;

import org.jgrad.tensor.NDArray;

/**
 * What {@link Tensor#maxAlong} and {@link Tensor#minAlong} return, as PyTorch's
 * {@code torch.max(x, dim)}: the extreme values (differentiable; the gradient goes to the
 * element at {@code indices}) and their positions along the axis (int64, the first of any ties).
 */
public record ValuesAndIndices(Tensor values, NDArray indices) {}
