package org.jgrad.bench.timing;

import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;

/**
 * Waits for a device before the clock is read. On an asynchronous device ops only enqueue work and
 * the host waits when it reads a value (ARCHITECTURE.md); reading one element of an op's result is
 * therefore a synchronization that works on every backend, at the price of one tiny transfer per
 * timed loop. On the CPU ops are synchronous and nothing needs doing.
 */
public final class DeviceSync {
    private DeviceSync() {}

    /** Reads the first element of {@code result} when it is an {@link NDArray} or {@link Tensor} off the CPU. */
    public static void awaitResult(Object result) {
        NDArray array = result instanceof Tensor t ? t.data() : result instanceof NDArray a ? a : null;
        if (array == null || array.device().equals(Device.CPU) || array.numel() == 0) return;
        array.getDouble(new int[array.rank()]);
    }
}
