package org.jgrad.autograd;

/** A per-thread flag that is on while at least one {@link Scope} opened by {@link #enter()} is open; scopes nest. */
final class ScopedFlag {
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    boolean isOn() {
        return depth.get()[0] > 0;
    }

    Scope enter() {
        int[] d = depth.get();
        d[0]++;
        return new Scope(() -> d[0]--);
    }
}
