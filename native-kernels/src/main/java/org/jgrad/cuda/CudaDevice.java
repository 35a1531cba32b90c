package org.jgrad.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_CLOCK_RATE;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;

/**
 * One CUDA device as jgrad uses it: its primary context (made current on whichever thread calls
 * in), its properties, the kernel module and the caching allocator. All work goes to the
 * context's default stream, in order; the host waits only in {@link #synchronize}, when it reads
 * values back, or in debug mode ({@code -Djgrad.cuda.sync=true}) after every launch.
 */
public final class CudaDevice {
    private final CUcontext context = new CUcontext();
    private final DeviceProperties properties;
    /** The context current on each thread, as far as jgrad set it. */
    private static final ThreadLocal<CUcontext> CURRENT = new ThreadLocal<>();
    private final KernelModule kernels;
    private final CachingAllocator<CUdeviceptr> allocator;

    CudaDevice(int index) {
        CUdevice device = new CUdevice();
        cuDeviceGet(device, index);
        properties = readProperties(index, device);
        cuDevicePrimaryCtxRetain(context, device);
        makeCurrent();
        kernels = new KernelModule(this);
        allocator = new CachingAllocator<>(new DriverMemory(this), CudaAvailability.isEmulated());
    }

    public DeviceProperties properties() {
        return properties;
    }

    public CachingAllocator<CUdeviceptr> allocator() {
        return allocator;
    }

    KernelModule kernels() {
        return kernels;
    }

    /**
     * Makes this device's context current on the calling thread (a driver call only when jgrad has
     * not made it current on this thread before). The driver's current context is per host thread
     * and a new thread has none, so {@link #call} does this before every driver call.
     */
    void makeCurrent() {
        if (CURRENT.get() == context) return;
        cuCtxSetCurrent(context);
        CURRENT.set(context);
    }

    /**
     * Every driver call jgrad makes on this device goes through here: the device's context is made
     * current on the calling thread first (a data loader's thread, a pool thread, the Cleaner's,
     * all start without one), and a failure names the call, its status and the driver's
     * description of it ({@link DriverCall#describe}).
     *
     * @param name the driver function, e.g. "cuMemsetD8Async"
     */
    void call(String name, DriverCall call) {
        makeCurrent();
        try {
            call.run();
        } catch (jcuda.CudaException e) {
            throw DriverCall.describe(name, e);
        }
    }

    /** Waits until every enqueued kernel and copy has finished; surfaces asynchronous errors. */
    public void synchronize() {
        call("cuCtxSynchronize", () -> cuCtxSynchronize());
    }

    private static DeviceProperties readProperties(int index, CUdevice device) {
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        int length = 0;
        while (length < name.length && name[length] != 0) length++;
        long[] memory = {0};
        cuDeviceTotalMem(memory, device);
        return new DeviceProperties(index, new String(name, 0, length, java.nio.charset.StandardCharsets.US_ASCII),
                10 * attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) + attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT), memory[0],
                attribute(device, CU_DEVICE_ATTRIBUTE_CLOCK_RATE), attribute(device, CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE),
                attribute(device, CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH));
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = {0};
        cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }
}
