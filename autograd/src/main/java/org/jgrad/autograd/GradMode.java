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
    private static final ThreadLocal<int[]> DISABLED_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private GradMode() {}

    /** True unless the calling thread is inside a {@link #noGrad()} scope. */
    public static boolean isEnabled() {
        return DISABLED_DEPTH.get()[0] == 0;
    }

    /** Opens a scope, closed by try-with-resources, in which no graph is recorded. Scopes nest. */
    public static Scope noGrad() {
        int[] depth = DISABLED_DEPTH.get();
        depth[0]++;
        return new Scope(depth);
    }

    /** A no-grad scope; closing it twice is harmless. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private boolean closed;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            depth[0]--;
        }
    }
}
