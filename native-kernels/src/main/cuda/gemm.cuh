// What the batched GEMMs (matmul.cu, matmul_tc.cu) share: how an operand is addressed, which tile
// of which batch a block computes, and the order in which a block stages an operand's slice.
//
// An operand is a Strided whose strides mean
//   strides[0] outer batch, [1] inner batch, [2] summed batch s, [3] row, [4] column
// (org.jgrad.cuda.GemmOperand packs them).
//
// Index arithmetic is int throughout: m, n and k are at most 2^31 - 65 (org.jgrad.cuda.GemmSize
// refuses more), so tile starts and edges (row0 + r, k0 + kk, the next k0, (n + 63) / 64) stay
// below 2^31, and element positions stay below the operand's storage size, itself below 2^31.
#pragma once
#include "common.cuh"

// Operand stride slots.
enum GemmSlot { GEMM_OUTER = 0, GEMM_INNER = 1, GEMM_SUM = 2, GEMM_ROW = 3, GEMM_COL = 4 };

// Position of the first element of operand v's matrix (outer, inner, s).
__device__ __forceinline__ int matrixStart(const Strided& v, int outer, int inner, int s) {
    return v.offset + outer * v.strides[GEMM_OUTER] + inner * v.strides[GEMM_INNER] + s * v.strides[GEMM_SUM];
}

// The TILE_M × TILE_N tile of C at (row0, col0) of batch z = outer·batchInner + inner that this
// block computes: blockIdx.x enumerates (z, tile row, tile column), column fastest
// (org.jgrad.cuda.GemmSize counts the blocks).
struct GemmBlock {
    int row0, col0, outer, inner;
};

template <int TILE_M, int TILE_N>
__device__ __forceinline__ GemmBlock gemmBlock(int m, int n, int batchInner) {
    int tilesN = (n + TILE_N - 1) / TILE_N, tilesM = (m + TILE_M - 1) / TILE_M;
    int b = blockIdx.x, z = b / tilesN / tilesM;
    return GemmBlock{b / tilesN % tilesM * TILE_M, b % tilesN * TILE_N, z / batchInner, z % batchInner};
}

// Calls visit(kk, x) for this thread's share of the SLICE_K × X elements of an operand's slice
// (kk along K, x along the operand's other axis), kStride and xStride being its strides along
// them. The threads walk along whichever axis has unit stride, so the global reads coalesce for
// plain and transposed operands alike.
template <int SLICE_K, int X, int THREADS, class Visit>
__device__ __forceinline__ void forEachSliceElement(int kStride, int xStride, Visit visit) {
    bool alongK = kStride == 1 && xStride != 1;
    #pragma unroll
    for (int e = threadIdx.x; e < SLICE_K * X; e += THREADS) {
        int kk = alongK ? e % SLICE_K : e / X;
        int x = alongK ? e / SLICE_K : e % X;
        visit(kk, x);
    }
}
