package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.jgrad.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code matmul_tc.cu}'s index maths, replayed by {@link TensorCoreGemmTwin} (staging, fragment
 * registers through the documented mma layout, the store), gives the plain strided product of
 * {@link KernelTwins} (checked against the CPU backend by {@link GemmLayoutTest}) for sizes that
 * are not multiples of the 64 × 64 × 32 tiles, transposed operands, broadcast, inner and summed
 * batches, with and without accumulation. The tolerance: one unit in the last place of the half
 * type, plus 2⁻¹⁶ of Σ|a·b| for the float accumulation order.
 */
class TensorCoreGemmTwinTest {
    /** The layout of a (rows × cols) operand stored densely per batch: row-major, or transposed (column-major). */
    private static GemmOperand dense(int offset, int batchStride, int rows, int cols, boolean transposed) {
        return transposed ? new GemmOperand(offset, batchStride, 0, 0, 1, rows) : new GemmOperand(offset, batchStride, 0, 0, cols, 1);
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT16", "BFLOAT16"})
    void oddSizesSpanSeveralTilesAndKSlices(DType dtype) {
        int batch = 2, m = 70, n = 77, k = 45;
        for (boolean accumulate : new boolean[] {false, true})
            check(dtype, 1, dense(3, m * k, m, k, false), dense(5, k * n, k, n, false), new GemmOperand(2, m * (n + 3), 0, 0, n + 3, 1),
                    new GemmSize(batch, 1, 1, m, n, k), accumulate);
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT16", "BFLOAT16"})
    void transposedOperandsAreStagedAlongTheirUnitStride(DType dtype) {
        int batch = 2, m = 33, n = 70, k = 37;
        for (int form = 1; form < 4; form++) {
            boolean aT = form % 2 == 1, bT = form >= 2;
            check(dtype, 10 + form, dense(0, m * k, m, k, aT), dense(1, k * n, k, n, bT), dense(0, m * n, m, n, form == 3),
                    new GemmSize(batch, 1, 1, m, n, k), form == 2);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT16", "BFLOAT16"})
    void broadcastOperandsAreReadByEveryBatch(DType dtype) {
        int batch = 3, m = 17, n = 9, k = 50;
        check(dtype, 20, dense(4, 0, m, k, false), dense(0, k * n, k, n, true), dense(0, m * n, m, n, false), new GemmSize(batch, 1, 1, m, n, k), false);
        check(dtype, 21, dense(0, m * k, m, k, true), dense(7, 0, k, n, false), dense(0, m * n, m, n, false), new GemmSize(batch, 1, 1, m, n, k), true);
    }

    /** conv2d's weight gradient: dW_g = Σ_b G_{b,g} · col_{b,g}ᵀ, inner batch = group, summed batch = sample (chunks accumulate). */
    @ParameterizedTest
    @EnumSource(names = {"FLOAT16", "BFLOAT16"})
    void groupsAndSummedSamplesAsTheConvolutionsPassThem(DType dtype) {
        int samples = 3, groups = 2, cOutG = 5, kk = 19, l = 66;
        GemmOperand gradOut = GemmOperand.perSampleAndGroup(0, groups * cOutG, cOutG, l).outerSummed();
        GemmOperand columns = GemmOperand.perSampleAndGroup(0, groups * kk, kk, l).outerSummed().transposed();
        GemmOperand dW = new GemmOperand(0, 0, cOutG * kk, 0, kk, 1);
        for (boolean accumulate : new boolean[] {false, true})
            check(dtype, 30, gradOut, columns, dW, new GemmSize(1, groups, samples, cOutG, kk, l), accumulate);
        // the forward: out_{b,g} = W_g · col_{b,g}, batched over (sample, group)
        check(dtype, 31, new GemmOperand(0, 0, cOutG * kk, 0, kk, 1), GemmOperand.perSampleAndGroup(0, groups * kk, kk, l),
                GemmOperand.perSampleAndGroup(0, groups * cOutG, cOutG, l), new GemmSize(samples, groups, 1, cOutG, l, kk), false);
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT16", "BFLOAT16"})
    void emptyKWritesZerosOrKeepsC(DType dtype) {
        for (boolean accumulate : new boolean[] {false, true})
            check(dtype, 40, dense(0, 0, 5, 0, false), dense(0, 0, 0, 6, false), dense(0, 30, 5, 6, false), new GemmSize(2, 1, 1, 5, 6, 0), accumulate);
    }

    @Test
    void theTensorCoreKernelServesHalfTypesFromComputeCapability80() {
        assertTrue(CudaMatmul.usesTensorCores(DType.FLOAT16, 80));
        assertTrue(CudaMatmul.usesTensorCores(DType.BFLOAT16, 90));
        assertFalse(CudaMatmul.usesTensorCores(DType.FLOAT16, 75), "sm_75 has no m16n8k16");
        assertFalse(CudaMatmul.usesTensorCores(DType.FLOAT32, 90));
        String before = System.getProperty(CudaMatmul.TENSOR_CORES_PROPERTY);
        try {
            System.setProperty(CudaMatmul.TENSOR_CORES_PROPERTY, "false");
            assertFalse(CudaMatmul.usesTensorCores(DType.FLOAT16, 90));
        } finally {
            if (before == null) System.clearProperty(CudaMatmul.TENSOR_CORES_PROPERTY);
            else System.setProperty(CudaMatmul.TENSOR_CORES_PROPERTY, before);
        }
    }

    /**
     * Runs the twin on random storages large enough for the layouts and compares every element of
     * C with the float64 product of the same half values; C's other storage elements stay as they were.
     */
    private static void check(DType dtype, long seed, GemmOperand al, GemmOperand bl, GemmOperand cl, GemmSize size, boolean accumulate) {
        String what = dtype + " " + size + " a " + al + " b " + bl + " c " + cl + " accumulate " + accumulate;
        TensorCoreGemmTwin twin = new TensorCoreGemmTwin(dtype);
        Random random = new Random(seed);
        short[] a = randomBits(twin, random, extent(al, size.outer(), size.inner(), size.sums(), size.m(), size.k()));
        short[] b = randomBits(twin, random, extent(bl, size.outer(), size.inner(), size.sums(), size.k(), size.n()));
        short[] c = randomBits(twin, random, extent(cl, size.outer(), size.inner(), 1, size.m(), size.n()));
        short[] before = c.clone();

        double[] expected = values(twin, c), bound = abs(values(twin, c));
        KernelTwins plain = new KernelTwins();
        plain.gemm(values(twin, a), al, values(twin, b), bl, expected, cl, size, accumulate);
        plain.gemm(abs(values(twin, a)), al, abs(values(twin, b)), bl, bound, cl, size, accumulate);
        twin.gemm(a, al, b, bl, c, cl, size, accumulate);

        assertEquals((long) size.outer() * size.inner() * size.m() * size.n(), twin.stores.size(), () -> what + ": C elements stored");
        for (int at = 0; at < c.length; at++) {
            Integer stored = twin.stores.get(at);
            if (stored == null) {
                assertEquals(before[at], c[at], "element " + at + " outside C changed; " + what);
                continue;
            }
            assertEquals(1, stored, "element " + at + " stored more than once; " + what);
            double actual = twin.toFloat(c[at]), tolerance = ulp(dtype, expected[at]) + 0x1p-16 * bound[at];
            if (!(Math.abs(actual - expected[at]) <= tolerance))
                fail(what + ": element " + at + " is " + actual + ", expected " + expected[at] + " ± " + tolerance);
        }
        if (size.k() > 0 && size.m() > 0 && size.n() > 0) assertTrue(twin.fragmentLoads > 0, what);
    }

    /** One unit in the last place of the half type at |v|. */
    private static double ulp(DType dtype, double v) {
        int e = Math.getExponent(v);
        return dtype == DType.FLOAT16 ? Math.scalb(1.0, Math.max(e, -14) - 10) : Math.scalb(1.0, Math.max(e, -126) - 7);
    }

    /** 1 + the largest position a layout reaches (strides are non-negative here). */
    private static int extent(GemmOperand v, int outer, int inner, int sums, int rows, int cols) {
        if (rows == 0 || cols == 0) return v.offset() + 1;
        return v.offset() + (outer - 1) * v.outerStride() + (inner - 1) * v.innerStride() + (sums - 1) * v.sumStride()
                + (rows - 1) * v.rowStride() + (cols - 1) * v.colStride() + 1;
    }

    private static short[] randomBits(TensorCoreGemmTwin twin, Random random, int size) {
        short[] bits = new short[size];
        for (int i = 0; i < size; i++) bits[i] = twin.fromFloat((float) random.nextGaussian());
        return bits;
    }

    private static double[] values(TensorCoreGemmTwin twin, short[] bits) {
        double[] v = new double[bits.length];
        for (int i = 0; i < bits.length; i++) v[i] = twin.toFloat(bits[i]);
        return v;
    }

    private static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.abs(v[i]);
        return out;
    }
}
