package org.jgrad.tensor;

/**
 * A flat block of elements of one dtype on one device. Views share a storage; an {@link NDArray}
 * adds shape, strides and offset on top. Backends create storages through {@link Backend#allocate}.
 */
public interface Storage {
    DType dtype();

    /** Number of elements. */
    int size();

    Device device();
}
