package org.jgrad.tensor.cpu.conv;

/**
 * Per-thread work arrays that live from call to call: the column matrices and output blocks of
 * {@link Conv2dKernels}. A fresh array per call is zeroed by the JVM and then overwritten at once;
 * at batch 128 the convolutions of the bench's small CNN spent about 6% of a training step in those
 * allocations (profiled 2026-12-07). A thread keeps, per slot, the largest array it was asked for,
 * up to {@link #MAX_RETAINED} elements; larger requests get a fresh array each time.
 *
 * <p>The contents of a returned array are whatever the thread last left there: callers write every
 * element they read.
 */
final class ScratchArrays<A> {
    /** Slots per thread. */
    static final int SLOTS = 2;
    /** Elements above which an array is not kept (16 MiB of float32). */
    static final int MAX_RETAINED = 1 << 22;

    private final ArrayOps<A> ops;
    private final ThreadLocal<Object[]> kept = ThreadLocal.withInitial(() -> new Object[SLOTS]);

    /** Arrays made and measured by {@code ops}. */
    ScratchArrays(ArrayOps<A> ops) {
        this.ops = ops;
    }

    /** An array of at least {@code n} elements for slot {@code slot} of the current thread. */
    @SuppressWarnings("unchecked")
    A get(int slot, int n) {
        Object[] mine = kept.get();
        A a = (A) mine[slot];
        if (a != null && ops.length(a) >= n) return a;
        a = ops.alloc(n);
        if (n <= MAX_RETAINED) mine[slot] = a;
        return a;
    }
}
