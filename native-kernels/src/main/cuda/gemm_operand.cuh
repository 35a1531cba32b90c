// How the batched GEMMs (matmul.cu, matmul_tc.cu) address an operand: a Strided whose strides mean
//   strides[0] outer batch, [1] inner batch, [2] summed batch s, [3] row, [4] column
// (org.jgrad.cuda.GemmOperand packs them).
#pragma once
#include "common.cuh"

// Operand stride slots.
enum GemmSlot { GEMM_OUTER = 0, GEMM_INNER = 1, GEMM_SUM = 2, GEMM_ROW = 3, GEMM_COL = 4 };

// Position of the first element of operand v's matrix (outer, inner, s).
__device__ __forceinline__ int matrixStart(const Strided& v, int outer, int inner, int s) {
    return v.offset + outer * v.strides[GEMM_OUTER] + inner * v.strides[GEMM_INNER] + s * v.strides[GEMM_SUM];
}
