package org.jgrad.cuda;

import java.lang.ref.Cleaner;
import jcuda.driver.CUdeviceptr;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.Storage;

/**
 * Elements in device memory: a block of the device's {@link CachingAllocator}. The block goes
 * back to the allocator's cache when {@link #close()} is called or, failing that, when the garbage
 * collector finds the storage unreachable (a {@link Cleaner} action that holds only the block).
 */
public final class CudaStorage extends Storage implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaDevice device;
    private final DType dtype;
    private final int size;
    private final CachingAllocator.Block<CUdeviceptr> block;
    private final Cleaner.Cleanable cleanable;

    CudaStorage(CudaDevice device, DType dtype, int size) {
        this.device = device;
        this.dtype = dtype;
        this.size = size;
        CachingAllocator<CUdeviceptr> allocator = device.allocator();
        CachingAllocator.Block<CUdeviceptr> b = allocator.allocate((long) size * dtype.byteSize());
        this.block = b;
        this.cleanable = CLEANER.register(this, () -> allocator.release(b));
    }

    @Override public DType dtype() { return dtype; }
    @Override public int size() { return size; }
    @Override public Device device() { return Device.cuda(device.properties().index()); }

    /** The device address of element {@code element}. */
    CUdeviceptr pointer(int element) {
        return element == 0 ? block.handle() : block.handle().withByteOffset((long) element * dtype.byteSize());
    }

    /** The allocator's block that holds the elements. */
    CachingAllocator.Block<CUdeviceptr> block() {
        return block;
    }

    long bytes() {
        return (long) size * dtype.byteSize();
    }

    @Override
    public boolean holdsDeviceMemory() {
        return true;
    }

    /** Returns the memory to the allocator's cache now; using the storage afterwards is an error. Idempotent. */
    @Override
    public void release() {
        cleanable.clean();
    }

    /** The same as {@link #release()}, for try-with-resources. */
    @Override
    public void close() {
        release();
    }
}
