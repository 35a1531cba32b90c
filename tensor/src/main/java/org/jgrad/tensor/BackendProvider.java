package org.jgrad.tensor;

/** A family of devices found at run time (see {@link Backends}), such as CUDA. */
public interface BackendProvider {
    /** The device type it serves, e.g. {@code "cuda"}. */
    String type();

    /** Null when usable, otherwise one line saying why not (no driver, no device, ...). */
    String unavailableReason();

    /** Number of devices present; 0 when unavailable. */
    int deviceCount();

    /** Further lines for {@code jgrad info} (e.g. optional libraries and whether they load); none by default. */
    default java.util.List<String> details() {
        return java.util.List.of();
    }

    /**
     * Whether these devices are an emulation on the host (the emulated CUDA device): their results
     * are checked like a real device's, their timings are the host's and never a device's figures.
     */
    default boolean emulated() {
        return false;
    }

    /** Opens the backend of device {@code index}. */
    Backend open(int index);
}
