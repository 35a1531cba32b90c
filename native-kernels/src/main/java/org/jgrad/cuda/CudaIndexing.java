package org.jgrad.cuda;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * gather, index_select and scatter_add on the device through {@code index.cu}, on strided views
 * with int64 indices (range-checked by the caller).
 *
 * <p>scatter_add has two kernels. {@code scatter_add_ordered} (one thread per destination element,
 * walking the index along the axis) adds in the CPU's order and gives its bits, deterministically;
 * it reads {@code region·count} indices, where region is index's shape with dst's extent on the
 * axis and count is index's extent there. {@code scatter_add_atomic} reads each index once and
 * adds with {@code atomicAdd}: exact for integers, but for float32 and float64 the order of
 * colliding additions is the hardware's, so results may differ between runs in the last bits.
 * The ordered kernel is used when it costs at most {@link #ORDERED_WORK_FACTOR} times the reads
 * of the atomic one, or always with {@code -Djgrad.cuda.deterministic=true}; the half types
 * (float16, bfloat16) and bool have no atomic kernel and go to the host beyond that bound.
 */
final class CudaIndexing {
    /** {@code -Djgrad.cuda.deterministic=true}: scatter_add always in the CPU's order. */
    static final boolean DETERMINISTIC = Boolean.getBoolean("jgrad.cuda.deterministic");
    /** How many times the atomic kernel's reads the ordered kernel may cost and still be chosen. */
    static final long ORDERED_WORK_FACTOR = 16;

    /** Which scatter_add kernel serves a call, or HOST for none. */
    enum ScatterKernel { ORDERED, ATOMIC, HOST }

    private CudaIndexing() {}

    /** out[p] = x[p with its axis coordinate replaced by index[p]], p over index's (= out's) shape. */
    static void gather(CudaDevice device, NDArray x, int axis, NDArray index, NDArray out) {
        gatherLaunch(device, x, axis, CudaBackend.base(index), Layouts.strided(index), out);
    }

    /** out = x with the entries of the 1-D index taken along axis: gather with the index seen as a view of out's shape. */
    static void indexSelect(CudaDevice device, NDArray x, int axis, NDArray index, NDArray out) {
        int[] strides = new int[out.rank()];
        strides[axis] = index.stride(0);
        gatherLaunch(device, x, axis, CudaBackend.base(index), Layouts.strided(index.offset(), strides), out);
    }

    private static void gatherLaunch(CudaDevice device, NDArray x, int axis, jcuda.driver.CUdeviceptr index, int[] indexView, NDArray out) {
        KernelLaunch.of("gather_w" + x.dtype().byteSize())
                .pointer(CudaBackend.base(x)).ints(baseView(x, axis)).ints(x.stride(axis))
                .pointer(index).ints(indexView)
                .pointer(CudaBackend.base(out)).ints(Layouts.strided(out)).ints(Layouts.shape(out.shape()))
                .overElements(device, out.numel());
    }

    /** The kernel for dst[..., index[p], ...] += src[p] with these extents and dst's dtype. */
    static ScatterKernel scatterKernel(DType dtype, int[] indexShape, int axis, int dstAxisExtent) {
        long indexElements = Shapes.numel(indexShape), count = indexShape[axis];
        long region = count == 0 ? 0 : indexElements / count * dstAxisExtent;
        boolean cheap = region * count <= ORDERED_WORK_FACTOR * (indexElements + region);
        if (cheap || DETERMINISTIC) return ScatterKernel.ORDERED;
        return dtype.isHalf() || dtype == DType.BOOL ? ScatterKernel.HOST : ScatterKernel.ATOMIC;
    }

    /** In place: dst[p with axis coordinate index[p]] += src[p]; index has src's shape; kernel from {@link #scatterKernel}. */
    static void scatterAdd(CudaDevice device, ScatterKernel kernel, NDArray dst, int axis, NDArray index, NDArray src) {
        String suffix = KernelNames.suffix(dst.dtype());
        if (kernel == ScatterKernel.ATOMIC) {
            KernelLaunch.of("scatter_add_atomic_" + suffix)
                    .pointer(CudaBackend.base(dst)).ints(baseView(dst, axis)).ints(dst.stride(axis))
                    .pointer(CudaBackend.base(index)).ints(Layouts.strided(index))
                    .pointer(CudaBackend.base(src)).ints(Layouts.strided(src)).ints(Layouts.shape(index.shape()))
                    .overElements(device, index.numel());
            return;
        }
        int[] region = index.shape();
        region[axis] = dst.shape(axis);
        KernelLaunch.of("scatter_add_ordered_" + suffix)
                .pointer(CudaBackend.base(dst)).ints(Layouts.strided(dst))
                .pointer(CudaBackend.base(index)).ints(baseView(index, axis)).ints(index.stride(axis))
                .pointer(CudaBackend.base(src)).ints(baseView(src, axis)).ints(src.stride(axis))
                .ints(Layouts.shape(region)).ints(axis).ints(index.shape(axis))
                .overElements(device, Shapes.numel(region));
    }

    /** a's view with the stride of {@code axis} set to 0: the position of each element's coordinate-0 neighbour on the axis. */
    static int[] baseView(NDArray a, int axis) {
        int[] strides = a.strides();
        strides[axis] = 0;
        return Layouts.strided(a.offset(), strides);
    }
}
