package org.jgrad.autograd;

/**
 * Whether ops record a graph on this thread. Recording is on by default; inside a
 * {@link #noGrad()} scope nothing is recorded and results do not require grad:
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     Tensor y = model.forward(x);   // no graph, no saved arrays
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ScopedFlag DISABLED = new ScopedFlag();

    private GradMode() {}

    /** True unless the calling thread is inside a {@link #noGrad()} scope. */
    public static boolean isEnabled() {
        return !DISABLED.isOn();
    }

    /** Opens a scope, closed by try-with-resources, in which no graph is recorded. Scopes nest. */
    public static Scope noGrad() {
        return DISABLED.enter();
    }
}
