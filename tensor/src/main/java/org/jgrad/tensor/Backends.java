package org.jgrad.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.jgrad.tensor.cpu.CpuBackend;

/**
 * Finds the backend of a device. The CPU backend is built in; others (CUDA from the
 * {@code native-kernels} module) are found at run time through {@link ServiceLoader} as
 * {@link BackendProvider}s, so everything builds and runs without them.
 */
public final class Backends {
    private static final Map<Device, Backend> OPEN = new ConcurrentHashMap<>();

    private Backends() {}

    /** The backend owning {@code device}; throws with the provider's reason when it is unavailable. */
    public static Backend of(Device device) {
        if (device.equals(Device.CPU)) return CpuBackend.INSTANCE;
        return OPEN.computeIfAbsent(device, d -> {
            for (BackendProvider provider : providers()) {
                if (!provider.type().equals(d.type())) continue;
                String reason = provider.unavailableReason();
                if (reason != null) throw new IllegalArgumentException("device " + d + " is unavailable: " + reason);
                return provider.open(d.index());
            }
            throw new IllegalArgumentException("device " + d + " is unavailable: no backend for '" + d.type()
                    + "' is on the class path (installed: cpu" + providerTypes() + ")");
        });
    }

    /** The devices' backends opened so far, the CPU's not included; opens none (for a memory report). */
    public static java.util.List<Backend> opened() {
        return java.util.List.copyOf(OPEN.values());
    }

    /** Whether {@code device} is an emulation on the host (see {@link BackendProvider#emulated}); the CPU is not. */
    public static boolean isEmulated(Device device) {
        for (BackendProvider p : providers())
            if (p.type().equals(device.type())) return p.emulated();
        return false;
    }

    /** Every backend provider on the class path, the CPU excluded. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(list::add);
        return list;
    }

    private static String providerTypes() {
        StringBuilder sb = new StringBuilder();
        for (BackendProvider p : providers()) sb.append(", ").append(p.type());
        return sb.toString();
    }
}
