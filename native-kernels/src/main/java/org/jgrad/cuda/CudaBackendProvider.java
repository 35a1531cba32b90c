package org.jgrad.cuda;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jgrad.tensor.Backend;
import org.jgrad.tensor.BackendProvider;

/** Registers the CUDA backend with {@link org.jgrad.tensor.Backends} through {@link java.util.ServiceLoader}. */
public final class CudaBackendProvider implements BackendProvider {
    private static final Map<Integer, CudaBackend> OPENED = new ConcurrentHashMap<>();

    @Override public String type() { return "cuda"; }

    @Override public String unavailableReason() { return CudaAvailability.unavailableReason(); }

    @Override public int deviceCount() { return CudaAvailability.deviceCount(); }

    /** True on the emulated device ({@code -Djgrad.cuda.emulated=true}): never a GPU's timings. */
    @Override public boolean emulated() { return CudaAvailability.isEmulated(); }

    /** The optional vendor libraries (cuBLAS, cuDNN through JCuda) and whether they load. */
    @Override public java.util.List<String> details() { return VendorLibraries.status(); }

    @Override
    public Backend open(int index) {
        String reason = unavailableReason();
        if (reason != null) throw new IllegalStateException("CUDA is unavailable: " + reason);
        if (index >= deviceCount())
            throw new IllegalArgumentException("cuda:" + index + " does not exist: " + deviceCount() + " CUDA device(s) present");
        return OPENED.computeIfAbsent(index, i -> new CudaBackend(new CudaDevice(i)));
    }
}
