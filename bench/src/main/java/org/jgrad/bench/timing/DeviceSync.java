package org.jgrad.bench.timing;

import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;

/**
 * Waits for a device before the clock is read. On an asynchronous device ops only enqueue work
 * (ARCHITECTURE.md); {@link org.jgrad.tensor.Backend#synchronize()} of the result's backend waits
 * until all of it has finished. On the CPU ops are synchronous and it does nothing.
 */
public final class DeviceSync {
    private DeviceSync() {}

    /** Synchronizes the device of {@code result} when it is an {@link NDArray} or {@link Tensor} off the CPU. */
    public static void awaitResult(Object result) {
        NDArray array = result instanceof Tensor t ? t.data() : result instanceof NDArray a ? a : null;
        if (array == null || array.device().equals(Device.CPU)) return;
        array.backend().synchronize();
    }
}
