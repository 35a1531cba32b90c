package org.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

import jcuda.CudaException;
import jcuda.driver.CUdeviceptr;

/** Device memory straight from the driver ({@code cuMemAlloc} / {@code cuMemFree}) in the device's context. */
final class DriverMemory implements DeviceMemory<CUdeviceptr> {
    private final CudaDevice device;

    DriverMemory(CudaDevice device) {
        this.device = device;
    }

    @Override
    public CUdeviceptr allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        try {
            device.call("cuMemAlloc", () -> cuMemAlloc(p, bytes));
        } catch (CudaException e) {
            if (String.valueOf(e.getMessage()).contains("OUT_OF_MEMORY")) throw new OutOfDeviceMemory(e.getMessage());
            throw e;
        }
        return p;
    }

    @Override
    public void free(CUdeviceptr handle) {
        device.call("cuMemFree", () -> cuMemFree(handle));
    }
}
