package org.jgrad.training.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.jgrad.tensor.Backend;
import org.jgrad.tensor.BackendProvider;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Storage;
import org.jgrad.tensor.cpu.CpuBackend;
import org.jgrad.tensor.cpu.HostStorage;

/**
 * A second device for machines without a GPU: {@code twin:0}, whose storages live in host memory
 * and whose ops the CPU backend computes. Arrays on it are not on the CPU, so code that forgets to
 * move an array to the device fails with a device mismatch, as it would with CUDA; and since the
 * arithmetic is the CPU's, a run on it must give exactly the CPU's numbers. Registered for the
 * tests through {@code META-INF/services}.
 */
public final class TwinDevice implements BackendProvider {
    static final Device DEVICE = new Device("twin", 0);
    private static final Backend BACKEND = backend();

    /** A host storage that says it lives on twin:0. */
    static final class TwinStorage extends Storage {
        final HostStorage host;

        TwinStorage(HostStorage host) {
            this.host = host;
        }

        @Override public DType dtype() { return host.dtype(); }
        @Override public int size() { return host.size(); }
        @Override public Device device() { return DEVICE; }
    }

    @Override public String type() { return DEVICE.type(); }
    @Override public String unavailableReason() { return null; }
    @Override public int deviceCount() { return 1; }

    @Override
    public Backend open(int index) {
        if (index != 0) throw new IllegalArgumentException("twin:" + index + " does not exist");
        return BACKEND;
    }

    /** Every primitive unwraps its twin arrays to the host views they stand for and runs on the CPU backend. */
    private static Backend backend() {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "device": return DEVICE;
                case "describe": return "the CPU backend on host storages labelled twin:0 (a test device)";
                case "allocate": return new TwinStorage(HostStorage.allocate((DType) args[0], (Integer) args[1]));
                case "allocateUninitialized": return new TwinStorage(HostStorage.allocateUninitialized((DType) args[0], (Integer) args[1]));
                default:
                    if (args != null) for (int i = 0; i < args.length; i++) if (args[i] instanceof NDArray a) args[i] = onHost(a);
                    try {
                        return method.invoke(CpuBackend.INSTANCE, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        });
    }

    /** The host view a twin array stands for (a host array is left as it is). */
    private static NDArray onHost(NDArray a) {
        return a.storage() instanceof TwinStorage t ? new NDArray(t.host, a.shape(), a.strides(), a.offset()) : a;
    }
}
