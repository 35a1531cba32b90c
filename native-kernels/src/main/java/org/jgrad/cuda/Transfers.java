package org.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import jcuda.Pointer;
import org.jgrad.tensor.Backend;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.cpu.HostStorage;

/**
 * Copies between host and device. Only dense byte ranges cross the bus: a strided or converted
 * copy is made dense on the side where it is cheap (the host packs before an upload; the device
 * packs before a download) and the device's copy kernel or the CPU backend does the rest.
 * {@code cuMemcpyHtoD}/{@code DtoH} on the default stream are ordered after every kernel already
 * enqueued, and a download waits for them: the host reads only finished values.
 */
final class Transfers {
    private Transfers() {}

    /** dst (on the device) = src (on the host), converted to dst's dtype and written through dst's strides. */
    static void upload(CudaBackend device, NDArray src, NDArray dst) {
        NDArray dense = denseOnHost(src);
        if (dense.dtype() == dst.dtype() && dst.isContiguous()) {
            copyHostToDevice(device, dense, dst);
            return;
        }
        NDArray staged = NDArray.zeros(src.dtype(), dst.device(), src.shape());
        copyHostToDevice(device, dense, staged);
        device.copy(staged, dst);
    }

    /** dst (on the host) = src (on the device), converted and written through dst's strides. */
    static void download(CudaBackend device, NDArray src, NDArray dst) {
        NDArray dense = src.isContiguous() ? src : src.copy();
        HostStorage host = HostStorage.allocate(src.dtype(), src.numel());
        if (src.numel() > 0) {
            device.cudaDevice().call("cuMemcpyDtoH", () -> cuMemcpyDtoH(hostPointer(host, 0), storage(dense).pointer(dense.offset()),
                    (long) src.numel() * src.dtype().byteSize()));
        }
        NDArray staged = new NDArray(host, src.shape(), Shapes.contiguousStrides(src.shape()), 0);
        Backend cpu = staged.backend();
        cpu.copy(staged, dst);
    }

    private static void copyHostToDevice(CudaBackend device, NDArray dense, NDArray dst) {
        if (dense.numel() == 0) return;
        device.cudaDevice().call("cuMemcpyHtoD", () -> cuMemcpyHtoD(storage(dst).pointer(dst.offset()),
                hostPointer((HostStorage) dense.storage(), dense.offset()), (long) dense.numel() * dense.dtype().byteSize()));
    }

    /** src as a contiguous host array (itself when it already is one). */
    private static NDArray denseOnHost(NDArray src) {
        if (!src.device().equals(Device.CPU)) throw new IllegalArgumentException("upload: source is on " + src.device() + ", not the host");
        return src.isContiguous() ? src : src.copy();
    }

    static CudaStorage storage(NDArray a) {
        return (CudaStorage) a.storage();
    }

    /** A pointer to element {@code element} of a host storage's Java array. */
    static Pointer hostPointer(HostStorage s, int element) {
        Pointer base;
        if (s instanceof HostStorage.F32 f) base = Pointer.to(f.data);
        else if (s instanceof HostStorage.F64 d) base = Pointer.to(d.data);
        else if (s instanceof HostStorage.Bits16 h) base = Pointer.to(h.data);
        else if (s instanceof HostStorage.I32 i) base = Pointer.to(i.data);
        else if (s instanceof HostStorage.I64 l) base = Pointer.to(l.data);
        else base = Pointer.to(((HostStorage.Bool) s).data);
        return element == 0 ? base : base.withByteOffset((long) element * s.dtype().byteSize());
    }
}
