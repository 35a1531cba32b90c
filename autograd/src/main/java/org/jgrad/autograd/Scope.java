package org.jgrad.autograd;

/** A mode switched on for a block of code on one thread, closed by try-with-resources; closing twice is harmless. */
public final class Scope implements AutoCloseable {
    private final int[] depth;
    private boolean closed;

    Scope(int[] depth) {
        this.depth = depth;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        depth[0]--;
    }
}
