package org.jgrad.cuda;

/**
 * Raw device memory as the {@link CachingAllocator} sees it: one driver allocation per call.
 * The driver implementation is {@link DriverMemory}; tests use a fake.
 *
 * @param <H> the handle of one allocation (a device pointer)
 */
public interface DeviceMemory<H> {
    /** A new allocation of exactly {@code bytes} bytes; throws {@link OutOfDeviceMemory} when the device is full. */
    H allocate(long bytes);

    /** Returns an allocation made by {@link #allocate} to the driver. */
    void free(H handle);

    /** Thrown by {@link #allocate} when the device has no room; the allocator then empties its cache, collects garbage and retries ({@link CachingAllocator}). */
    final class OutOfDeviceMemory extends RuntimeException {
        public OutOfDeviceMemory(String message) {
            super(message);
        }
    }
}
