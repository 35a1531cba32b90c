package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.jgrad.cuda.CudaIndexing.ScatterKernel;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.cpu.CpuBackend;
import org.jgrad.tensor.cpu.HostStorage;
import org.junit.jupiter.api.Test;

/**
 * The views {@link CudaIndexing} hands to {@code index.cu} (base views with the axis stride 0, the
 * 1-D index of index_select seen with out's shape, the scatter region), run through plain-Java
 * twins of the kernels, give the CPU backend's results on strided float64 views; and the choice
 * between the ordered and the atomic scatter_add.
 */
class IndexingTwinTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;

    @Test
    void gatherReadsThroughTheBaseViewAndTheIndex() {
        NDArray x = random(1, 4, 6, 5).transpose(0, 2);                  // (5, 6, 4), strided
        for (int axis = 0; axis < 3; axis++) {
            int[] shape = {3, 4, 2};
            NDArray index = indices(2 + axis, x.shape(axis), shape);
            NDArray expected = NDArray.zeros(DType.FLOAT64, shape), out = NDArray.zeros(DType.FLOAT64, shape);
            CPU.gather(x, axis, index, expected);
            gatherTwin(x, CudaIndexing.baseView(x, axis), x.stride(axis), index, Layouts.strided(index), out);
            assertArrayEquals(data(expected), data(out), "axis " + axis);
        }
    }

    @Test
    void indexSelectIsAGatherThroughTheExpandedIndex() {
        NDArray x = random(3, 5, 3, 4).permute(2, 0, 1);                       // (4, 5, 3)
        NDArray index = NDArray.of(2L, 9L, 0L, 9L, 2L, 9L, 1L).slice(0, 0, 7, 2);  // 2, 0, 2, 1 with stride 2
        for (int axis = 0; axis < 3; axis++) {
            int[] shape = x.shape();
            shape[axis] = index.numel();
            NDArray expected = NDArray.zeros(DType.FLOAT64, shape), out = NDArray.zeros(DType.FLOAT64, shape);
            CPU.indexSelect(x, axis, index, expected);
            int[] strides = new int[shape.length];
            strides[axis] = index.stride(0);
            gatherTwin(x, CudaIndexing.baseView(x, axis), x.stride(axis), index, Layouts.strided(index.offset(), strides), out);
            assertArrayEquals(data(expected), data(out), "axis " + axis);
        }
    }

    @Test
    void orderedScatterAddGivesTheCpusBits() {
        NDArray src = random(4, 6, 7).transpose(0, 1);                          // (7, 6), strided
        int[][] dstShapes = {{4, 6}, {7, 4}}, indexShapes = {{7, 5}, {6, 6}};
        for (int axis = 0; axis < 2; axis++) {
            int[] is = indexShapes[axis];
            NDArray index = indices(6 + axis, 4, is), srcView = src.narrow(0, 0, is[0]).narrow(1, 0, is[1]);
            NDArray expected = random(8, dstShapes[axis]), dst = expected.copy();
            CPU.scatterAdd(expected, axis, index, srcView);
            scatterOrderedTwin(dst, axis, index, srcView);
            assertArrayEquals(data(expected), data(dst), "axis " + axis);
        }
    }

    @Test
    void theOrderedKernelIsChosenWhileItCostsLittleMoreThanTheAtomicOne() {
        // cross-entropy's backward: one index per row into 10 classes: region = dst, count 1
        assertEquals(ScatterKernel.ORDERED, CudaIndexing.scatterKernel(DType.FLOAT32, new int[] {512, 1}, 1, 10));
        // an embedding's backward: 512 rows scattered into 30000: 30000·512 reads per column
        ScatterKernel big = CudaIndexing.scatterKernel(DType.FLOAT32, new int[] {512, 64}, 0, 30000);
        assertEquals(CudaIndexing.DETERMINISTIC ? ScatterKernel.ORDERED : ScatterKernel.ATOMIC, big);
        if (!CudaIndexing.DETERMINISTIC) {
            for (DType half : new DType[] {DType.FLOAT16, DType.BFLOAT16})
                assertEquals(ScatterKernel.HOST, CudaIndexing.scatterKernel(half, new int[] {512, 64}, 0, 30000), half.toString());
            assertEquals(ScatterKernel.ATOMIC, CudaIndexing.scatterKernel(DType.INT64, new int[] {512, 64}, 0, 30000));
        }
    }

    // ---- twins of index.cu ------------------------------------------------------------------

    /** common.cuh's positionOf over a packed Strided. */
    private static int positionOf(int linear, int[] dims, int[] strided) {
        int position = strided[0];
        for (int d = dims.length - 1; d >= 0; d--) {
            position += linear % dims[d] * strided[1 + d];
            linear /= dims[d];
        }
        return position;
    }

    private static void gatherTwin(NDArray x, int[] xBase, int axisStride, NDArray index, int[] idx, NDArray out) {
        int[] dims = out.shape(), os = Layouts.strided(out);
        long[] indices = ((HostStorage.I64) index.storage()).data;
        for (int p = 0; p < out.numel(); p++) {
            int picked = (int) indices[positionOf(p, dims, idx)];
            data(out)[positionOf(p, dims, os)] = data(x)[positionOf(p, dims, xBase) + picked * axisStride];
        }
    }

    /** scatter_add_ordered with the arguments CudaIndexing.scatterAdd passes. */
    private static void scatterOrderedTwin(NDArray dst, int axis, NDArray index, NDArray src) {
        int[] region = index.shape();
        region[axis] = dst.shape(axis);
        int[] ds = Layouts.strided(dst), idxBase = CudaIndexing.baseView(index, axis), srcBase = CudaIndexing.baseView(src, axis);
        long[] indices = ((HostStorage.I64) index.storage()).data;
        int after = 1;
        for (int d = axis + 1; d < region.length; d++) after *= region[d];
        for (int p = 0; p < Shapes.numel(region); p++) {
            long t = p / after % region[axis];
            int at = positionOf(p, region, ds), firstIndex = positionOf(p, region, idxBase), firstSrc = positionOf(p, region, srcBase);
            double sum = data(dst)[at];
            for (int q = 0; q < index.shape(axis); q++)
                if (indices[firstIndex + q * index.stride(axis)] == t) sum += data(src)[firstSrc + q * src.stride(axis)];
            data(dst)[at] = sum;
        }
    }

    private static NDArray random(long seed, int... shape) {
        Random random = new Random(seed);
        double[] values = new double[Shapes.numel(shape)];
        for (int i = 0; i < values.length; i++) values[i] = random.nextGaussian();
        return NDArray.of(values).reshape(shape);
    }

    /** Random int64 indices in [0, bound), as a transposed (strided) view. */
    private static NDArray indices(long seed, int bound, int... shape) {
        Random random = new Random(seed);
        long[] values = new long[Shapes.numel(shape)];
        for (int i = 0; i < values.length; i++) values[i] = random.nextInt(bound);
        int[] reversed = new int[shape.length];
        for (int d = 0; d < shape.length; d++) reversed[d] = shape[shape.length - 1 - d];
        int[] order = new int[shape.length];
        for (int d = 0; d < shape.length; d++) order[d] = shape.length - 1 - d;
        return NDArray.of(values).reshape(reversed).permute(order);
    }

    private static double[] data(NDArray a) {
        return ((HostStorage.F64) a.storage()).data;
    }
}
