package org.jgrad.cuda;

import static org.jgrad.cuda.MmaFragmentLayout.aCol;
import static org.jgrad.cuda.MmaFragmentLayout.aRow;
import static org.jgrad.cuda.MmaFragmentLayout.bCol;
import static org.jgrad.cuda.MmaFragmentLayout.bRow;
import static org.jgrad.cuda.MmaFragmentLayout.cCol;
import static org.jgrad.cuda.MmaFragmentLayout.cRow;

import java.util.HashMap;
import java.util.Map;
import org.jgrad.tensor.BFloat16;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Half;

/**
 * Plain-Java twin of {@code matmul_tc.cu} on 16-bit storages ({@code short[]} of float16 or
 * bfloat16 bits): every block of the grid, every thread's staging reads (global position and
 * shared slot), every lane's fragment registers as the kernel loads them from shared memory, the
 * mma emulated through the PTX fragment layout (the registers of the 32 lanes reassembled into A
 * (16×16), B (16×8) and C (16×8), multiplied in float, scattered back), and the store. If the
 * kernel's loads did not match the layout, the emulated mma would multiply the wrong elements.
 *
 * <p>It also checks, while it runs, what the kernel relies on but cannot check itself: staging
 * loads coalesce (consecutive lanes read consecutive elements) when an operand has a unit stride;
 * fragment words are read only from shared slots staged in the same K slice; every warp-wide
 * fragment load hits 32 different banks (the header's bank-conflict claim); every C element is
 * written once.
 */
final class TensorCoreGemmTwin {
    /** The constants of matmul_tc.cu. */
    static final int TILE_M = 64, TILE_N = 64, TILE_K = 32, STRIDE = TILE_K + 8, THREADS = 128, WARPS_N = 2, WARP_M = 32,
            WARP_N = 32, MMA_M = WARP_M / 16, MMA_N = WARP_N / 8;

    private final DType dtype;
    /** Positions of C stored so far, with how often (each must be stored once). */
    final Map<Integer, Integer> stores = new HashMap<>();
    int fragmentLoads;

    TensorCoreGemmTwin(DType dtype) {
        if (dtype != DType.FLOAT16 && dtype != DType.BFLOAT16) throw new IllegalArgumentException("matmul_tc: " + dtype);
        this.dtype = dtype;
    }

    float toFloat(short bits) {
        return dtype == DType.FLOAT16 ? Half.toFloat(bits) : BFloat16.toFloat(bits);
    }

    short fromFloat(float v) {
        return dtype == DType.FLOAT16 ? Half.fromFloat(v) : BFloat16.fromFloat(v);
    }

    /** matmul_tc_f16 / _bf16: one {@link #block} per block of {@link GemmSize#blocks()}. */
    void gemm(short[] a, GemmOperand al, short[] b, GemmOperand bl, short[] c, GemmOperand cl, GemmSize size, boolean accumulate) {
        checkCoalesced(TILE_M, al.colStride(), al.rowStride());
        checkCoalesced(TILE_N, bl.rowStride(), bl.colStride());
        for (int block = 0; block < size.blocks(); block++) block(block, a, al.packed(), b, bl.packed(), c, cl.packed(), size, accumulate);
    }

    /** Shared memory of one block: a tile of raw 16-bit patterns, and which slots the current K slice staged. */
    private static final class Tile {
        final short[] bits;
        final boolean[] staged;

        Tile(int rows) {
            bits = new short[rows * STRIDE];
            staged = new boolean[rows * STRIDE];
        }
    }

    private void block(int blockIdx, short[] a, int[] as, short[] b, int[] bs, short[] c, int[] cs, GemmSize size, boolean accumulate) {
        int m = size.m(), n = size.n(), k = size.k();
        int tilesN = (n + TILE_N - 1) / TILE_N, tilesM = (m + TILE_M - 1) / TILE_M;
        int col0 = blockIdx % tilesN * TILE_N, row0 = blockIdx / tilesN % tilesM * TILE_M, z = blockIdx / tilesN / tilesM;
        int outer = z / size.inner(), inner = z % size.inner();
        Tile aTile = new Tile(TILE_M), bTile = new Tile(TILE_N);
        float[][][][] acc = new float[THREADS][MMA_M][MMA_N][4]; // per thread, zero as in the kernel

        for (int s = 0; s < size.sums(); s++) {
            int aStart = matrixStart(as, outer, inner, s), bStart = matrixStart(bs, outer, inner, s);
            for (int k0 = 0; k0 < k; k0 += TILE_K) {
                java.util.Arrays.fill(aTile.staged, false);
                java.util.Arrays.fill(bTile.staged, false);
                for (int thread = 0; thread < THREADS; thread++) {
                    stageTile(TILE_M, aTile, a, aStart, as[COL], as[ROW], k0, k, row0, m, thread);
                    stageTile(TILE_N, bTile, b, bStart, bs[ROW], bs[COL], k0, k, col0, n, thread);
                }
                // __syncthreads()
                for (int warp = 0; warp < THREADS / 32; warp++) warpTile(warp, aTile, bTile, acc);
                // __syncthreads()
            }
        }

        int cStart = matrixStart(cs, outer, inner, 0);
        for (int thread = 0; thread < THREADS; thread++) {
            int warp = thread / 32, lane = thread % 32, g = lane / 4, t = lane % 4;
            int warpRow = warp / WARPS_N * WARP_M, warpCol = warp % WARPS_N * WARP_N;
            for (int i = 0; i < MMA_M; i++)
                for (int j = 0; j < MMA_N; j++)
                    for (int r = 0; r < 4; r++) {
                        int row = row0 + warpRow + 16 * i + g + 8 * (r / 2), col = col0 + warpCol + 8 * j + 2 * t + r % 2;
                        if (row < m && col < n) {
                            int at = cStart + row * cs[ROW] + col * cs[COL];
                            float value = acc[thread][i][j][r];
                            if (accumulate) value += toFloat(c[at]);
                            c[at] = fromFloat(value);
                            stores.merge(at, 1, Integer::sum);
                        }
                    }
        }
    }

    /** tcStageTile for one thread: tile[x][kk] = operand (x0 + x, k0 + kk), zero outside. */
    private static void stageTile(int xs, Tile tile, short[] p, int start, int kStride, int xStride, int k0, int kCount, int x0, int xCount,
                                  int thread) {
        boolean alongK = kStride == 1 && xStride != 1;
        for (int e = thread; e < TILE_K * xs; e += THREADS) {
            SliceElement at = SliceElement.of(e, xs, alongK);
            int kAt = k0 + at.kk, xAt = x0 + at.x;
            int slot = at.x * STRIDE + at.kk;
            if (tile.staged[slot]) throw new AssertionError("shared slot " + slot + " staged twice");
            tile.bits[slot] = kAt < kCount && xAt < xCount ? p[start + kAt * kStride + xAt * xStride] : 0;
            tile.staged[slot] = true;
        }
    }

    /**
     * tcStageTile's walk, warp by warp: when the operand has a unit stride along K or along its
     * other axis, the 32 lanes of every staging load read 32 consecutive elements (one transaction).
     */
    private static void checkCoalesced(int xs, int kStride, int xStride) {
        if (kStride != 1 && xStride != 1) return; // neither axis is contiguous: no walk can coalesce
        boolean alongK = kStride == 1 && xStride != 1;
        for (int first = 0; first < TILE_K * xs; first += 32) {
            for (int lane = 1; lane < 32; lane++) {
                int e = first + lane, previous = e - 1;
                int step = offset(e, xs, alongK, kStride, xStride) - offset(previous, xs, alongK, kStride, xStride);
                if (step != 1) throw new AssertionError("staging load " + first / 32 + ": lanes " + (lane - 1) + ", " + lane + " read " + step + " apart");
            }
        }
    }

    /** The global offset (from the slice's first element) that element e of tcStageTile's walk reads. */
    private static int offset(int e, int xs, boolean alongK, int kStride, int xStride) {
        SliceElement at = SliceElement.of(e, xs, alongK);
        return at.kk * kStride + at.x * xStride;
    }

    /** gemm.cuh's forEachSliceElement: element e of the walk is (kk, x), kk fastest when walking along K. */
    private record SliceElement(int kk, int x) {
        static SliceElement of(int e, int xs, boolean alongK) {
            return alongK ? new SliceElement(e % TILE_K, e / TILE_K) : new SliceElement(e / xs, e % xs);
        }
    }

    /** One warp's two k16 steps of a K slice: fragment loads as the kernel writes them, then the 2 × 4 mma. */
    private void warpTile(int warp, Tile aTile, Tile bTile, float[][][][] acc) {
        int warpRow = warp / WARPS_N * WARP_M, warpCol = warp % WARPS_N * WARP_N;
        for (int kk = 0; kk < TILE_K; kk += 16) {
            int[][][] af = new int[32][MMA_M][4], bf = new int[32][MMA_N][2];
            // One warp-wide load per (i, register): the lanes' word addresses, for the bank check.
            for (int i = 0; i < MMA_M; i++)
                for (int reg = 0; reg < 4; reg++) {
                    int[] words = new int[32];
                    for (int lane = 0; lane < 32; lane++) {
                        int g = lane / 4, t = lane % 4, r = warpRow + 16 * i + g;
                        int x = reg % 2 == 0 ? r : r + 8, kAt = reg < 2 ? kk + 2 * t : kk + 8 + 2 * t;
                        af[lane][i][reg] = pair(aTile, x, kAt);
                        words[lane] = (x * STRIDE + kAt) / 2;
                    }
                    checkBanks(words);
                }
            for (int j = 0; j < MMA_N; j++)
                for (int reg = 0; reg < 2; reg++) {
                    int[] words = new int[32];
                    for (int lane = 0; lane < 32; lane++) {
                        int g = lane / 4, t = lane % 4, col = warpCol + 8 * j + g, kAt = reg == 0 ? kk + 2 * t : kk + 8 + 2 * t;
                        bf[lane][j][reg] = pair(bTile, col, kAt);
                        words[lane] = (col * STRIDE + kAt) / 2;
                    }
                    checkBanks(words);
                }
            for (int i = 0; i < MMA_M; i++)
                for (int j = 0; j < MMA_N; j++) mma(warp, i, j, af, bf, acc);
        }
    }

    /** tcPair: the 32-bit word of tile[x][kk] (low half) and tile[x][kk + 1] (high half). */
    private int pair(Tile tile, int x, int kk) {
        fragmentLoads++;
        int slot = x * STRIDE + kk;
        if (kk % 2 != 0) throw new AssertionError("misaligned fragment word at kk " + kk);
        if (!tile.staged[slot] || !tile.staged[slot + 1]) throw new AssertionError("fragment reads shared slot " + slot + " not staged in this slice");
        return tile.bits[slot] & 0xFFFF | tile.bits[slot + 1] << 16;
    }

    /** A warp-wide 32-bit shared load is conflict-free when no two different words share a bank. */
    private static void checkBanks(int[] words) {
        Map<Integer, Integer> wordOfBank = new HashMap<>();
        for (int w : words) {
            Integer other = wordOfBank.putIfAbsent(w % 32, w);
            if (other != null && other != w) throw new AssertionError("bank conflict: words " + other + " and " + w + " in bank " + w % 32);
        }
    }

    /**
     * mma.sync.m16n8k16.row.col.f32 for tile (i, j) of one warp: the 32 lanes' registers reassembled
     * into A, B and C through the PTX fragment layout ({@link MmaFragmentLayout}), multiplied in
     * float, scattered back. The loads and the store above replay the kernel's own index arithmetic,
     * not this layout, so a kernel that disagreed with the layout would multiply the wrong elements.
     */
    private void mma(int warp, int i, int j, int[][][] af, int[][][] bf, float[][][][] acc) {
        float[][] am = new float[16][16], bm = new float[16][8], cm = new float[16][8];
        for (int lane = 0; lane < 32; lane++) {
            float[] d = acc[32 * warp + lane][i][j];
            for (int e = 0; e < 2; e++) {
                for (int reg = 0; reg < 4; reg++) am[aRow(lane, reg)][aCol(lane, reg) + e] = half(af[lane][i][reg], e);
                for (int reg = 0; reg < 2; reg++) bm[bRow(lane, reg) + e][bCol(lane)] = half(bf[lane][j][reg], e);
            }
            for (int reg = 0; reg < 4; reg++) cm[cRow(lane, reg)][cCol(lane, reg)] = d[reg];
        }
        for (int r = 0; r < 16; r++)
            for (int col = 0; col < 8; col++) {
                float sum = cm[r][col];
                for (int q = 0; q < 16; q++) sum += am[r][q] * bm[q][col]; // products of halves are exact in float
                cm[r][col] = sum;
            }
        for (int lane = 0; lane < 32; lane++) {
            float[] d = acc[32 * warp + lane][i][j];
            for (int reg = 0; reg < 4; reg++) d[reg] = cm[cRow(lane, reg)][cCol(lane, reg)];
        }
    }

    /** Element e (0: low, 1: high) of a packed pair, as a float. */
    private float half(int word, int e) {
        return toFloat((short) (e == 0 ? word : word >>> 16));
    }

    /** Slots of the packed Strided: offset, then GEMM_OUTER .. GEMM_COL. */
    private static final int OUTER = 1, INNER = 2, SUM = 3, ROW = 4, COL = 5;

    private static int matrixStart(int[] v, int outer, int inner, int s) {
        return v[0] + outer * v[OUTER] + inner * v[INNER] + s * v[SUM];
    }
}
