package org.jgrad.cuda;

import static org.jgrad.cuda.MmaFragmentLayout.aCol;
import static org.jgrad.cuda.MmaFragmentLayout.aRow;
import static org.jgrad.cuda.MmaFragmentLayout.bCol;
import static org.jgrad.cuda.MmaFragmentLayout.bRow;
import static org.jgrad.cuda.MmaFragmentLayout.cCol;
import static org.jgrad.cuda.MmaFragmentLayout.cRow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/**
 * The tour's page 3 (docs/tour/3-cuda-kernel.md), the parts that run without a GPU: how a strided
 * view is packed into the kernels' {@code Shape} and {@code Strided} parameters (and read back the
 * way {@code positionOf} in common.cuh reads it), why CUDA is or is not available here, the caching
 * allocator's statistics over a fake device, and the arithmetic intensity of each rung of the
 * SGEMM ladder in native-kernels/dev; and, for page 3b (docs/tour/3b-tensor-cores.md), which lane
 * of a warp holds which element of one tensor-core product. Writes figures/cuda-layouts.txt,
 * figures/caching-allocator.txt, figures/sgemm-ladder.txt, figures/mma-lanes.txt and
 * figures/mma-banks.txt.
 */
// notebook:skip layouts: Layouts is package-private in org.jgrad.cuda
// notebook:skip allocator: its fake device is a test class (CachingAllocatorTest.FakeDevice)
// notebook:skip fragment-owners: MmaFragmentLayout and unowned are test code
class CudaKernelTourTest {
    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");

    @Test
    void aTransposedViewIsPackedAsShapeAndStridesAndReadInPlace() throws IOException {
        // tour:begin layouts
        NDArray a = NDArray.arange(0, 12, 1, DType.FLOAT32).reshape(3, 4);   // storage 0, 1, ..., 11
        NDArray t = a.transpose(0, 1);                                        // (4, 3), strides (1, 4): no copy
        int[] shape = Layouts.shape(t.shape());                               // struct Shape {rank, numel, dims[8]}
        int[] view = Layouts.strided(t);                                      // struct Strided {offset, strides[8]}
        // tour:end layouts
        NDArray row = a.narrow(0, 1, 1).expand(4, 4);                         // row 1, broadcast down 4 rows
        int[] rowView = Layouts.strided(row);
        StringBuilder text = new StringBuilder();
        text.append("a.transpose(0, 1): shape ").append(Arrays.toString(t.shape()))
                .append(", strides ").append(Arrays.toString(t.strides())).append('\n');
        text.append("  Shape   ").append(Arrays.toString(shape)).append('\n');
        text.append("  Strided ").append(Arrays.toString(view)).append('\n');
        text.append("  element i -> storage position: ").append(positions(shape, view)).append("\n\n");
        text.append("a.narrow(0, 1, 1).expand(4, 4): strides ").append(Arrays.toString(row.strides())).append('\n');
        text.append("  Strided ").append(Arrays.toString(rowView)).append('\n');
        text.append("  element i -> storage position: ").append(positions(Layouts.shape(row.shape()), rowView)).append('\n');
        Files.writeString(FIGURES.resolve("cuda-layouts.txt"), text.toString());

        assertArrayEquals(new int[] {2, 12, 4, 3, 0, 0, 0, 0, 0, 0}, shape);
        assertArrayEquals(new int[] {0, 1, 4, 0, 0, 0, 0, 0, 0}, view);
        assertArrayEquals(t.contiguous().toDoubleArray(), readThrough(a, shape, view), "positionOf's rule reads the transpose");
        assertArrayEquals(row.contiguous().toDoubleArray(), readThrough(a, Layouts.shape(row.shape()), rowView), "and the broadcast row");
    }

    // tour:begin position-of
    /** positionOf of common.cuh in Java: peel the coordinates off the linear index, last axis first. */
    static int positionOf(int linear, int[] shape, int[] view) {
        int rank = shape[0], position = view[0];
        for (int d = rank - 1; d >= 0; d--) {
            int extent = shape[2 + d];
            position += (linear % extent) * view[1 + d];
            linear /= extent;
        }
        return position;
    }
    // tour:end position-of

    private static String positions(int[] shape, int[] view) {
        int[] out = new int[shape[1]];
        for (int i = 0; i < out.length; i++) out[i] = positionOf(i, shape, view);
        return Arrays.toString(out);
    }

    /** What a unary kernel with identity op would write: element i of the output read at positionOf(i) of the storage. */
    private static double[] readThrough(NDArray contiguousStorage, int[] shape, int[] view) {
        double[] storage = contiguousStorage.toDoubleArray(), out = new double[shape[1]];
        for (int i = 0; i < out.length; i++) out[i] = storage[positionOf(i, shape, view)];
        return out;
    }

    @Test
    void availabilityIsOneLineOfReasonOrNull() {
        // notebook:begin availability
        // notebook-only: import org.jgrad.cuda.CudaAvailability;   // the test is in its package
        // notebook:end availability
        // tour:begin availability
        String why = CudaAvailability.unavailableReason();    // null when CUDA can be used
        System.out.println(why == null ? CudaAvailability.deviceCount() + " CUDA device(s), driver " + CudaAvailability.driverVersion()
                : "CUDA unavailable: " + why);
        // tour:end availability
        assertEquals(why == null, CudaAvailability.deviceCount() > 0, "a device count exactly when CUDA is usable");
    }

    @Test
    void theCachingAllocatorServesRepeatedSizesFromItsCache() throws IOException {
        CachingAllocatorTest.FakeDevice device = new CachingAllocatorTest.FakeDevice(1L << 30);
        // tour:begin allocator
        CachingAllocator<long[]> allocator = new CachingAllocator<>(device);
        for (int step = 0; step < 100; step++) {               // a training loop's temporaries, step after step
            var activations = allocator.allocate(3_000_000);   // 4 MiB class (large sizes round up to 2 MiB)
            var gradients = allocator.allocate(3_000);         // 3,072 B class (small sizes round up to 512 B)
            allocator.release(gradients);
            allocator.release(activations);
        }
        AllocatorStats stats = allocator.stats();
        // tour:end allocator
        Files.writeString(FIGURES.resolve("caching-allocator.txt"), stats + "\n");
        assertEquals(2, stats.driverAllocations());
        assertEquals(200, stats.requests());
        assertEquals(198, stats.cacheHits());
        assertEquals((4L << 20) + 3072, stats.reservedBytes());
        assertEquals(2, device.live.size());
    }

    @Test
    void eachRungOfTheSgemmLadderReusesMoreOfWhatItLoads() throws IOException {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-3s %-36s %-10s %s%n",
                "v", "tile (block M x N x K, per thread)", "FLOP/B", "shared loads per FMA"));
        text.append(rung(1, "none: every FMA reads A and B", 1, 1, 0, 0));
        text.append(rung(3, "32x32x32 shared, 1 output", 32, 32, 1, 1));
        text.append(rung(4, "64x64x8 shared, 8x1 outputs", 64, 64, 8, 1));
        text.append(rung(5, "128x128x8 shared, 8x8 outputs", 128, 128, 8, 8));
        double flops = 2.0 * 4096 * 4096 * 4096, bytes = 3.0 * 4096 * 4096 * 4;
        text.append(String.format(Locale.ROOT, "%nSGEMM 4096^3: %.0f GFLOP over %.0f MB of compulsory traffic = %.0f FLOP/B%n",
                flops / 1e9, bytes / 1e6, flops / bytes));
        Files.writeString(FIGURES.resolve("sgemm-ladder.txt"), text.toString());
        assertEquals(0.25, globalIntensity(1, 1), 1e-12);
        assertEquals(8, globalIntensity(32, 32), 1e-12);
        assertEquals(16, globalIntensity(64, 64), 1e-12);
        assertEquals(32, globalIntensity(128, 128), 1e-12);
        assertEquals(1.125, sharedLoadsPerFma(8, 1), 1e-12);
        assertEquals(0.25, sharedLoadsPerFma(8, 8), 1e-12);
        assertTrue(flops / bytes > 680 && flops / bytes < 690);
    }

    // tour:begin intensity
    /**
     * FLOP per byte of global (float32) traffic of a block tile BM x BN stepping through K by BK:
     * each step loads (BM + BN)·BK floats and does BM·BN·BK multiply-adds (2 FLOP each),
     * so 2·BM·BN·BK / (4·(BM + BN)·BK) = BM·BN / (2·(BM + BN)); BK cancels.
     */
    static double globalIntensity(int bm, int bn) {
        return bm * bn / (2.0 * (bm + bn));
    }

    /** Shared-memory loads per FMA when a thread computes TM x TN outputs: TM values of A and TN of B per k. */
    static double sharedLoadsPerFma(int tm, int tn) {
        return (tm + tn) / (double) (tm * tn);
    }
    // tour:end intensity

    private static String rung(int version, String tile, int bm, int bn, int tm, int tn) {
        String shared = tm == 0 ? "-" : String.format(Locale.ROOT, "%.3g", sharedLoadsPerFma(tm, tn));
        return String.format(Locale.ROOT, "%-3d %-36s %-10.3g %s%n", version, tile, globalIntensity(bm, bn), shared);
    }

    @Test
    void aWarpsThirtyTwoLanesShareOneTensorCoreProduct() throws IOException {
        // tour:begin fragment-owners
        int[][] a = unowned(16, 16), b = unowned(16, 8), c = unowned(16, 8);   // the lane holding each element
        for (int lane = 0; lane < 32; lane++) {
            for (int half = 0; half < 2; half++) {   // an A or B register packs two elements adjacent along K
                for (int reg = 0; reg < 4; reg++) a[aRow(lane, reg)][aCol(lane, reg) + half] = lane;
                for (int reg = 0; reg < 2; reg++) b[bRow(lane, reg) + half][bCol(lane)] = lane;
            }
            for (int reg = 0; reg < 4; reg++) c[cRow(lane, reg)][cCol(lane, reg)] = lane;   // float32 accumulators
        }
        // tour:end fragment-owners
        StringBuilder text = new StringBuilder("C (16x8, float32): lane l holds 4 elements, rows l/4 and l/4+8\n");
        appendGrids(text, c, null);
        text.append("\nA (16x16, row-major): 8 elements per lane      B (16x8, column-major): 4 per lane\n");
        appendGrids(text, a, b);
        text.append("\nlane 5 (l/4 = 1, l%4 = 1) holds, as (row,col):\n  A ").append(holdings(5, a)).append("\n  B ").append(holdings(5, b))
                .append("\n  C ").append(holdings(5, c)).append('\n');
        Files.writeString(FIGURES.resolve("mma-lanes.txt"), text.toString());

        // 256 + 128 + 128 writes filled 256 + 128 + 128 cells: every element has exactly one lane.
        for (int[][] grid : new int[][][] {a, b, c})
            for (int[] row : grid) assertTrue(Arrays.stream(row).allMatch(lane -> lane >= 0), "an element no lane holds");
        assertEquals("(1,2) (1,3) (1,10) (1,11) (9,2) (9,3) (9,10) (9,11)", holdings(5, a));
        assertEquals("(2,1) (3,1) (10,1) (11,1)", holdings(5, b));
        assertEquals("(1,2) (1,3) (9,2) (9,3)", holdings(5, c));

        String banks = String.format(Locale.ROOT, "warp-wide load of register a0, tile rows of 40 halves (kernel): %d different banks%n"
                + "the same load, tile rows of 32 halves (no padding):           %d different banks%n",
                banksOfFirstRegister(TensorCoreGemmTwin.STRIDE), banksOfFirstRegister(TensorCoreGemmTwin.TILE_K));
        Files.writeString(FIGURES.resolve("mma-banks.txt"), banks);
        assertEquals(32, banksOfFirstRegister(TensorCoreGemmTwin.STRIDE));
        assertEquals(8, banksOfFirstRegister(TensorCoreGemmTwin.TILE_K));
    }

    private static int[][] unowned(int rows, int cols) {
        int[][] grid = new int[rows][cols];
        for (int[] row : grid) Arrays.fill(row, -1);
        return grid;
    }

    /** Grids of lane numbers, one row per line, the second (if any) to the right of the first. */
    private static void appendGrids(StringBuilder text, int[][] left, int[][] right) {
        text.append("   ").append(header(left[0].length)).append(right == null ? "" : "      " + header(right[0].length)).append('\n');
        for (int r = 0; r < left.length; r++) {
            text.append(String.format(Locale.ROOT, "%2d ", r)).append(cells(left[r]));
            if (right != null) text.append(String.format(Locale.ROOT, "   %2d ", r)).append(cells(right[r]));
            text.append('\n');
        }
    }

    private static String header(int cols) {
        StringBuilder line = new StringBuilder();
        for (int col = 0; col < cols; col++) line.append(String.format(Locale.ROOT, "%3d", col));
        return line.toString();
    }

    private static String cells(int[] lanes) {
        StringBuilder line = new StringBuilder();
        for (int lane : lanes) line.append(String.format(Locale.ROOT, "%3d", lane));
        return line.toString();
    }

    /** The (row,col) cells of a grid that {@code lane} holds, row by row. */
    private static String holdings(int lane, int[][] grid) {
        StringBuilder cells = new StringBuilder();
        for (int r = 0; r < grid.length; r++)
            for (int col = 0; col < grid[r].length; col++)
                if (grid[r][col] == lane) cells.append(cells.length() == 0 ? "" : " ").append('(').append(r).append(',').append(col).append(')');
        return cells.toString();
    }

    /** Shared-memory banks (4-byte words mod 32) the 32 lanes touch when each loads its a0 word from a tile with the given row length. */
    private static long banksOfFirstRegister(int rowHalves) {
        return java.util.stream.IntStream.range(0, 32).map(lane -> (aRow(lane, 0) * rowHalves + aCol(lane, 0)) / 2 % 32).distinct().count();
    }
}
