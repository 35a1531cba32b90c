package org.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * One kernel launch: its parameters in declaration order, then the grid. Launches are
 * asynchronous; a launch error (bad configuration, missing kernel) throws at once, naming the
 * kernel. With {@code -Djgrad.cuda.sync=true} every launch is followed by a synchronization, so
 * an error inside a kernel is reported at the launch that caused it.
 */
final class KernelLaunch {
    static final boolean SYNC_EACH_LAUNCH = Boolean.getBoolean("jgrad.cuda.sync");
    /** Threads per block of the one-dimensional grid-stride launches. */
    static final int BLOCK = 256;

    /** The kernels launched on each thread since its last {@link #startLog}, so a failing check can name them. */
    private static final ThreadLocal<Set<String>> LAUNCHED = ThreadLocal.withInitial(LinkedHashSet::new);

    private final String kernel;
    private final List<Pointer> params = new ArrayList<>();

    private KernelLaunch(String kernel) {
        this.kernel = kernel;
    }

    /** Starts a new list of the kernels this thread launches (a conformance case does, before running its op). */
    static void startLog() {
        LAUNCHED.get().clear();
    }

    /** The distinct kernels this thread launched since {@link #startLog}, in order of their first launch. */
    static List<String> launched() {
        return List.copyOf(LAUNCHED.get());
    }

    static KernelLaunch of(String kernel) {
        return new KernelLaunch(kernel);
    }

    KernelLaunch pointer(CUdeviceptr p) {
        params.add(Pointer.to(p));
        return this;
    }

    /** A by-value struct of ints (see {@link Layouts}) or an int array parameter. */
    KernelLaunch ints(int... packed) {
        params.add(Pointer.to(packed));
        return this;
    }

    /** A 64-bit integer parameter ({@code long long} or {@code unsigned long long}). */
    KernelLaunch int64(long value) {
        params.add(Pointer.to(new long[] {value}));
        return this;
    }

    KernelLaunch scalar(double value) {
        params.add(Pointer.to(new double[] {value}));
        return this;
    }

    KernelLaunch scalar(float value) {
        params.add(Pointer.to(new float[] {value}));
        return this;
    }

    /** A grid-stride launch over {@code elements} items: 256 threads a block, at most 32 blocks per SM. */
    void overElements(CudaDevice device, long elements) {
        if (elements == 0) return;
        long blocks = Math.min((elements + BLOCK - 1) / BLOCK, 32L * device.properties().multiprocessors());
        grid(device, (int) blocks, 1, BLOCK, 1, 0);
    }

    /** A launch with an explicit grid (x, y) of blocks (x, y) threads and dynamic shared memory. */
    void grid(CudaDevice device, int gridX, int gridY, int blockX, int blockY, int sharedBytes) {
        LAUNCHED.get().add(kernel);
        try {
            CUfunction function = device.kernels().function(kernel);
            Pointer packed = Pointer.to(params.toArray(new Pointer[0]));
            device.call("cuLaunchKernel", () -> cuLaunchKernel(function, gridX, gridY, 1, blockX, blockY, 1, sharedBytes, null, packed, null));
            if (SYNC_EACH_LAUNCH) device.call("cuCtxSynchronize", () -> cuCtxSynchronize());
        } catch (CudaException e) {
            throw new IllegalStateException("CUDA kernel " + kernel + " (grid " + gridX + "x" + gridY + ", block " + blockX + "x" + blockY
                    + ") failed: " + e.getMessage(), e);
        }
    }
}
