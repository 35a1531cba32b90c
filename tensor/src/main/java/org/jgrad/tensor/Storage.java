package org.jgrad.tensor;

/**
 * A flat block of elements of one dtype on one device. Views share a storage; an {@link NDArray}
 * adds shape, strides and offset on top. Backends create storages through {@link Backend#allocate}.
 *
 * <p>Every in-place write through {@link NDArray} (e.g. {@link NDArray#assign}) increments the
 * storage's {@linkplain #version() version}, so autograd can tell when an array it saved for the
 * backward pass was changed afterwards.
 */
public abstract class Storage {
    private volatile int version;

    public abstract DType dtype();

    /** Number of elements. */
    public abstract int size();

    public abstract Device device();

    /** How many in-place writes this storage has seen. */
    public final int version() {
        return version;
    }

    /**
     * True when the storage holds memory outside the Java heap (device memory) that
     * {@link #release()} returns at once; host storages are left to the garbage collector.
     */
    public boolean holdsDeviceMemory() {
        return false;
    }

    /**
     * Returns the storage's device memory now instead of when the garbage collector finds it
     * unreachable; the storage must not be used afterwards. Idempotent; a no-op on the host.
     */
    public void release() {}

    /** Records an in-place write. */
    final void bumpVersion() {
        version++;
    }
}
