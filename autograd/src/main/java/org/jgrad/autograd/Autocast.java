package org.jgrad.autograd;

import org.jgrad.tensor.DType;

/**
 * Automatic mixed precision, as PyTorch's autocast: inside an {@link #enable(DType)} scope the ops
 * on this thread pick the dtype they compute in from the table below, casting their floating
 * inputs with the differentiable cast {@link Tensor#to(DType)} (whose backward casts the gradient
 * back). Parameters therefore stay float32 ("master weights"): each op that wants them in the low
 * dtype gets a low-precision copy, and their gradients arrive in float32. The low dtype is float16
 * or bfloat16, as PyTorch's {@code autocast(dtype=...)}.
 * <pre>{@code
 * try (var scope = Autocast.enable(DType.FLOAT16)) {
 *     Tensor logits = model.forward(x);          // convolutions and matmuls in float16
 *     loss = lossFunction.apply(logits, y);      // losses in float32
 * }
 * loss.backward();                                // outside the scope, as in PyTorch
 * }</pre>
 *
 * <h2>The op policy ("low" is the dtype given to {@link #enable}: float16 or bfloat16)</h2>
 * <table>
 *   <caption>what each op family computes in while autocast is on</caption>
 *   <tr><th>family</th><th>ops</th><th>computes in</th></tr>
 *   <tr><td>{@link LinearOps}</td><td>matmul (so {@code Linear})</td>
 *       <td>low: every floating input is cast to low</td></tr>
 *   <tr><td>{@link ConvOps}</td><td>conv2d, conv_transpose2d (input, weight and bias)</td><td>low</td></tr>
 *   <tr><td>{@link ConvOps}</td><td>max_pool2d, avg_pool2d</td><td>the input's dtype</td></tr>
 *   <tr><td>{@link ElementwiseOps}</td><td>binary ops: add, sub, mul, div, pow, maximum, minimum, where</td>
 *       <td>low when either input is low (the other is cast down, not the low one up);
 *       otherwise the usual promotion, so all-float32 arithmetic such as normalization
 *       statistics stays float32</td></tr>
 *   <tr><td>{@link ElementwiseOps}</td><td>unary ops (relu, exp, sigmoid, clamp, ...)</td><td>the input's dtype</td></tr>
 *   <tr><td>{@link ReductionOps}</td><td>sum, mean, max, min, var, std, logsumexp, softmax, log_softmax</td>
 *       <td>float32: a half-type input is cast up first, the result is float32 (so BatchNorm's batch
 *       mean and variance, and its running statistics, are float32)</td></tr>
 *   <tr><td>losses ({@code nn.losses})</td><td>every loss</td>
 *       <td>float32: each loss passes its input through {@link #fullPrecision}</td></tr>
 *   <tr><td>{@link ViewOps}, {@link JoinOps}, {@link IndexOps}, {@link CastOps}</td><td>all</td>
 *       <td>the input's dtype (they move values, they do not round them)</td></tr>
 * </table>
 * float64 inputs are never narrowed by the policy's float32 rows, and ops on integer inputs are
 * unaffected. Backward rules run on whatever dtypes their forward saw; the gradient of a cast
 * input is cast back by the cast's own backward. Small gradients underflow in float16, which is
 * what loss scaling (the training module's {@code GradScaler}) is for; bfloat16 has float32's
 * exponent range (smallest normal 2<sup>-126</sup> against float16's 2<sup>-14</sup>), so its
 * gradients do not underflow and it needs no scaling, at the price of 8 significant bits instead
 * of 11.
 */
public final class Autocast {
    /** The low dtype while a scope is open on this thread; null when autocast is off. */
    private static final ThreadLocal<DType> LOW = new ThreadLocal<>();

    private Autocast() {}

    /**
     * Opens a scope, closed by try-with-resources, in which ops follow the policy with
     * {@code low} (float16 or bfloat16) as the low-precision dtype. Scopes nest; closing one
     * restores the setting it replaced.
     */
    public static Scope enable(DType low) {
        if (low == null || !low.isHalf())
            throw new IllegalArgumentException("Autocast.enable: the low-precision dtype must be float16 or bfloat16, got " + low);
        return set(low);
    }

    /** Opens a scope in which autocast is off (e.g. a numerically delicate part of a model). */
    public static Scope disable() {
        return set(null);
    }

    private static Scope set(DType low) {
        DType before = LOW.get();
        LOW.set(low);
        return new Scope(() -> LOW.set(before));
    }

    /** True inside an {@link #enable} scope on this thread (and not inside a {@link #disable} one). */
    public static boolean isEnabled() {
        return LOW.get() != null;
    }

    /** The low-precision dtype, or null when autocast is off. */
    public static DType lowDType() {
        return LOW.get();
    }

    /**
     * x cast to float32 when autocast is on and x is a half type (the low dtype, or the other half
     * type, as PyTorch's float32 ops widen any lower-precision input); otherwise x itself. For
     * losses and reductions.
     */
    public static Tensor fullPrecision(Tensor x) {
        return LOW.get() != null && x.dtype().isHalf() ? x.to(DType.FLOAT32) : x;
    }

    /** x cast to the low dtype when autocast is on and x is floating (null stays null). For matmul and convolution. */
    static Tensor lowPrecision(Tensor x) {
        DType low = LOW.get();
        return low == null || x == null || !x.dtype().isFloating() || x.dtype() == low ? x : x.to(low);
    }

    /** The operands of a binary elementwise op: both in the low dtype when either is in it, else unchanged. */
    static Tensor[] elementwise(Tensor a, Tensor b) {
        DType low = LOW.get();
        if (low == null || (a.dtype() != low && b.dtype() != low)) return new Tensor[] {a, b};
        return new Tensor[] {lowPrecision(a), lowPrecision(b)};
    }
}
