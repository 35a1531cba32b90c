package org.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.CudaException;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * The fatbin nvcc built from {@code src/main/cuda/*.cu}, loaded into the device's context with
 * {@code cuModuleLoadData}; function handles are looked up once by name and cached.
 */
final class KernelModule {
    /** The class-path resource build-kernels.sh writes. */
    static final String RESOURCE = "/org/jgrad/cuda/jgrad-kernels.fatbin";

    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();

    private final CudaDevice device;

    /** Loads the fatbin into the device's context; says which architectures it holds when the device's is missing. */
    KernelModule(CudaDevice device) {
        this.device = device;
        byte[] image = readResource();
        try {
            device.call("cuModuleLoadData", () -> cuModuleLoadData(module, image));
        } catch (CudaException e) {
            DeviceProperties p = device.properties();
            throw new IllegalStateException("cannot load the CUDA kernels on " + p.name() + " (sm_" + p.computeCapability()
                    + "): " + e.getMessage() + "; the fatbin holds sm_75, sm_80, sm_86, sm_89, sm_90 and PTX for compute_90", e);
        }
    }

    /** The kernel named {@code name} (an {@code extern "C"} entry point). */
    CUfunction function(String name) {
        return functions.computeIfAbsent(name, n -> {
            CUfunction f = new CUfunction();
            try {
                device.call("cuModuleGetFunction", () -> cuModuleGetFunction(f, module, n));
            } catch (CudaException e) {
                throw new IllegalStateException("no CUDA kernel named '" + n + "' in the fatbin: " + e.getMessage(), e);
            }
            return f;
        });
    }

    private static byte[] readResource() {
        try (InputStream in = KernelModule.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the CUDA kernels were not built (no " + RESOURCE + " on the class path)");
            byte[] bytes = in.readAllBytes();
            byte[] terminated = new byte[bytes.length + 1]; // cuModuleLoadData reads a NUL-terminated image when it is PTX text
            System.arraycopy(bytes, 0, terminated, 0, bytes.length);
            return terminated;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
