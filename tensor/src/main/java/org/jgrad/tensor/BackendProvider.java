package org.jgrad.tensor;

/** A family of devices found at run time (see {@link Backends}), such as CUDA. */
public interface BackendProvider {
    /** The device type it serves, e.g. {@code "cuda"}. */
    String type();

    /** Null when usable, otherwise one line saying why not (no driver, no device, ...). */
    String unavailableReason();

    /** Number of devices present; 0 when unavailable. */
    int deviceCount();

    /** Opens the backend of device {@code index}. */
    Backend open(int index);
}
