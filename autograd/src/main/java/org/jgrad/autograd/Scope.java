package org.jgrad.autograd;

/** A mode switched on for a block of code on one thread, closed by try-with-resources; closing twice is harmless. */
public final class Scope implements AutoCloseable {
    private final Runnable onClose;
    private boolean closed;

    /** A scope that runs {@code onClose} (restoring the mode it changed) when first closed. */
    Scope(Runnable onClose) {
        this.onClose = onClose;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        onClose.run();
    }
}
