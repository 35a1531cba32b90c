package org.jgrad.autograd;

import java.util.List;
import org.jgrad.tensor.DType;

/** The dtype cast, forward and backward; {@link Autocast} inserts it where its policy changes an input's dtype. */
final class CastOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of("to");

    private CastOps() {}

    /**
     * y = x converted to {@code dtype}: exact when widening, rounded to nearest (ties to even) when
     * narrowing. Differentiation treats the cast as the identity map it approximates, so
     * ∂L/∂x = g converted back to x's dtype (a float16 copy of a float32 weight hands the weight a
     * float32 gradient). Always a new node, even when the dtype is unchanged. A cast to a
     * non-floating dtype is a constant: integers carry no gradient.
     */
    static Tensor to(Tensor x, DType dtype) {
        if (!dtype.isFloating()) return Tensor.of(x.data().to(dtype));
        DType from = x.dtype();
        return Tensor.record("to", x.data().to(dtype), new Tensor[] {x}, (g, needs) -> new org.jgrad.tensor.NDArray[] {g.to(from)});
    }
}
