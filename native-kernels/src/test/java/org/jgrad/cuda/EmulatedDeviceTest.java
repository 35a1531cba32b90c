package org.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuGetErrorString;
import static jcuda.driver.JCudaDriver.cuMemAllocManaged;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import org.jgrad.tensor.Backends;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The emulated device keeps the rules of the driver and the limits of an H100 that jgrad could
 * break: launches an H100 refuses are refused with the driver's code, fresh memory is poisoned,
 * freed memory faults, functions it does not implement say so, and it says "emulated" wherever
 * the device is shown. Runs only on the emulated device.
 */
@Tag("cuda")
class EmulatedDeviceTest {
    private CudaDevice device;

    @BeforeEach
    void onTheEmulatedDevice() {
        assumeTrue(CudaAvailability.isEmulated() && CudaAvailability.unavailableReason() == null,
                () -> "needs the emulated device: " + CudaAvailability.unavailableReason());
        device = ((CudaBackend) Backends.of(Device.cuda(0))).cudaDevice();
    }

    private IllegalStateException launchFails(String kernel, int blockX, int sharedBytes, CUdeviceptr out) {
        KernelLaunch launch = KernelLaunch.of(kernel).pointer(out).ints(Layouts.strided(NDArray.zeros(DType.FLOAT32, 4)))
                .pointer(out).ints(Layouts.shape(new int[] {4}));
        return assertThrows(IllegalStateException.class, () -> launch.grid(device, 1, 1, blockX, 1, sharedBytes));
    }

    @Test
    void launchesAnH100RefusesAreRefusedWithTheDriversCode() {
        CachingAllocator.Block<CUdeviceptr> block = device.allocator().allocate(16);
        try {
            assertTrue(launchFails("unary_neg_f32", 1025, 0, block.handle()).getMessage().contains("CUDA_ERROR_INVALID_VALUE"),
                    "more than 1,024 threads in a block");
            assertTrue(launchFails("unary_neg_f32", 32, 48 * 1024 + 1, block.handle()).getMessage().contains("CUDA_ERROR_INVALID_VALUE"),
                    "more than 48 KiB of shared memory without the opt-in attribute");
            IllegalStateException bounds = launchFails("matmul_tc_f16", 256, 0, block.handle());
            assertTrue(bounds.getMessage().contains("CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES") && bounds.getMessage().contains("__launch_bounds__(128)"),
                    bounds::getMessage);
        } finally {
            device.allocator().release(block);
        }
    }

    @Test
    void freshMemoryHoldsThePoisonAndFreedMemoryFaultsNamingTheKernel() {
        CUdeviceptr fresh = new DriverMemory(device).allocate(8);
        byte[] bytes = new byte[8];
        device.call("cuMemcpyDtoH", () -> cuMemcpyDtoH(Pointer.to(bytes), fresh, 8));
        for (byte b : bytes) assertEquals((byte) 0xFF, b, "a fresh allocation holds 0xFF bytes");
        new DriverMemory(device).free(fresh);
        IllegalStateException e = launchFails("unary_neg_f32", 32, 0, fresh);
        assertTrue(e.getMessage().contains("CUDA_ERROR_ILLEGAL_ADDRESS") && e.getMessage().contains("kernel unary_neg_f32")
                && e.getMessage().contains("freed"), e::getMessage);
    }

    @Test
    void aFunctionItDoesNotImplementNamesItself() {
        CudaException e = assertThrows(CudaException.class,
                () -> device.call("cuMemAllocManaged", () -> cuMemAllocManaged(new CUdeviceptr(), 16, 1)));
        assertTrue(e.getMessage().contains("CUDA_ERROR_NOT_SUPPORTED") && e.getMessage().contains("cuMemAllocManaged is not implemented"),
                e::getMessage);
        String[] text = {null};
        cuGetErrorString(CUresult.CUDA_ERROR_NOT_SUPPORTED, text);
        assertTrue(text[0].contains("cuMemAllocManaged"), text[0]);
    }

    @Test
    void everyDeviceListingSaysEmulated() {
        assertTrue(device.properties().describe().contains("emulated"), device.properties().describe());
        assertEquals(90, device.properties().computeCapability(), "compute capability 9.0, so the tensor-core paths run");
        assertTrue(Backends.isEmulated(Device.cuda(0)));
    }
}
