// Batched matrix product for float16 and bfloat16 on tensor cores (sm_80 and newer):
//
//   C[z] = (accumulate ? C[z] : 0) + Σ_{s < sums} A[z, s] · B[z, s]       A: M×K, B: K×N, C: M×N
//
// with exactly matmul.cu's arguments: the same Strided operands (slots GEMM_OUTER, GEMM_INNER,
// GEMM_SUM, GEMM_ROW, GEMM_COL), so transposed views, broadcast batches and the convolutions'
// (sample, group, summed sample) batches are read in place. The products run on
// mma.sync.aligned.m16n8k16.row.col.f32.{f16,bf16}: half inputs, float32 accumulators, and one
// rounding to the half type when C is stored (C is read in float when accumulating).
//
// Tiling: a block of TC_THREADS = 128 threads (4 warps) computes a 64×64 tile of C, the same tiles
// and grid as matmul.cu (org.jgrad.cuda.GemmSize). Warp w owns the 32×32 quarter at rows
// 32·(w / 2), columns 32·(w % 2): 2 × 4 mma tiles of 16×8, 32 float accumulators per thread.
// For each slice of TC_TILE_K = 32 along K the block stages A's 64×32 and B's 32×64 slices in
// shared memory, both stored "K innermost": aTile[r][kk] = A[row0 + r, k0 + kk] and
// bTile[c][kk] = B[k0 + kk, col0 + c], as raw 16-bit patterns (staging never converts; zeros
// outside the matrices, so edges and K not a multiple of 32 add exact zeros). The staging loads are
// general strided loads; threads walk the slice along whichever axis has unit stride in global
// memory, so they coalesce for plain and transposed operands alike (gemm.cuh, as matmul.cu).
//
// Fragments (PTX ISA, "Matrix Fragments for mma.m16n8k16" with .f16/.bf16 inputs, f32 results).
// Lane l of the warp is split into g = l / 4 (0..7) and t = l % 4 (0..3). A 32-bit register holds
// two 16-bit elements, the lower half the one with the smaller K (or column) index.
//   A (16×16, row-major operand "row"): four registers
//       a0 = A[g][2t, 2t+1]    a1 = A[g+8][2t, 2t+1]    a2 = A[g][2t+8, 2t+9]    a3 = A[g+8][2t+8, 2t+9]
//   B (16×8, column-major operand "col"): two registers, both in column n = g
//       b0 = B[2t, 2t+1][g]    b1 = B[2t+8, 2t+9][g]
//   C, D (16×8, float): four registers
//       c0 = C[g][2t]   c1 = C[g][2t+1]   c2 = C[g+8][2t]   c3 = C[g+8][2t+1]
// Because both tiles keep K innermost, every A and B register is one aligned 32-bit shared load of
// two adjacent K values: a0 is the word at aTile[r + g][kk + 2t], b0 the word at bTile[c + g][kk + 2t].
//
// Bank conflicts: a tile row holds TC_TILE_K + 8 = 40 halves = 20 words. A warp's fragment load
// touches words (rowBase + g)·20 + t (+ 4 for a2/b1); 20·g mod 32 takes 8 values 4 apart, so the
// 32 lanes hit 32 different banks: the fragment loads (the inner loop) are conflict-free. Plain
// loads were chosen over ldmatrix so the Java twin (TensorCoreGemmTwin) replays every address;
// the padding also keeps rows 16-byte aligned, should ldmatrix replace them later. Staging stores
// are 16-bit: conflict-free when K has unit stride (consecutive threads, consecutive halves), up to
// 4-way when the other axis does (consecutive threads 20 words apart).
//
// sm_75 has no m16n8k16 for bfloat16 (nor the f16 form of this shape): below sm_80 the kernels trap;
// the host (CudaMatmul) launches them only on devices of compute capability 8.0 or more.
#include "gemm.cuh"
#include <cuda_bf16.h>

#define TC_TILE_M 64
#define TC_TILE_N 64
#define TC_TILE_K 32
#define TC_TILE_STRIDE (TC_TILE_K + 8)
#define TC_WARPS_N 2
#define TC_THREADS 128
#define TC_WARP_M 32
#define TC_WARP_N 32
#define TC_MMA_M (TC_WARP_M / 16)
#define TC_MMA_N (TC_WARP_N / 8)

// d += a·b on one warp: mma.sync m16n8k16, row-major A, column-major B, float32 C and D, inputs of
// PTX type TYPE (f16 or bf16), with the fragments a[4], b[2], d[4] laid out as described above.
// The emulated device (native-kernels/emulator, JG_EMULATED) performs the same warp-collective
// operation on the host; TC_HAS_MMA says where the instruction exists.
#if defined(JG_EMULATED)
#define TC_HAS_MMA 1
#define TC_MMA_M16N8K16(TYPE) jg_emu_mma_m16n8k16_##TYPE(d, a, b)
#elif defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
#define TC_HAS_MMA 1
#define TC_MMA_M16N8K16(TYPE) \
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32." #TYPE "." #TYPE ".f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\n" \
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]) : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]))
#else
#define TC_HAS_MMA 0
#endif

// What differs between float16 and bfloat16: the mma's input type and the rounding of the store.
template <class T> struct TensorCoreType;
template <> struct TensorCoreType<__half> {
    static __device__ __forceinline__ float toFloat(__half v) { return __half2float(v); }
    static __device__ __forceinline__ __half fromFloat(float v) { return __float2half_rn(v); }
#if TC_HAS_MMA
    static __device__ __forceinline__ void mma(float (&d)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) { TC_MMA_M16N8K16(f16); }
#endif
};
template <> struct TensorCoreType<__nv_bfloat16> {
    static __device__ __forceinline__ float toFloat(__nv_bfloat16 v) { return __bfloat162float(v); }
    static __device__ __forceinline__ __nv_bfloat16 fromFloat(float v) { return __float2bfloat16_rn(v); }
#if TC_HAS_MMA
    static __device__ __forceinline__ void mma(float (&d)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) { TC_MMA_M16N8K16(bf16); }
#endif
};

// Stages the X × TC_TILE_K slice of an operand that starts at (x0, k0) into tile[x][kk] as raw
// 16-bit patterns; kStride and xStride are the operand's strides along K and along its other axis
// (A: K is the column axis; B: K is the row axis). Zeros outside the matrix.
template <int X>
__device__ __forceinline__ void tcStageTile(uint16_t (*tile)[TC_TILE_STRIDE], const uint16_t* p, int start, int kStride,
                                            int xStride, int k0, int kCount, int x0, int xCount) {
    forEachSliceElement<TC_TILE_K, X, TC_THREADS>(kStride, xStride, [&](int kk, int x) {
        int kAt = k0 + kk, xAt = x0 + x;
        tile[x][kk] = kAt < kCount && xAt < xCount ? p[start + kAt * kStride + xAt * xStride] : uint16_t(0);
    });
}

// The 32-bit word holding tile[x][kk] and tile[x][kk + 1] (kk even).
__device__ __forceinline__ uint32_t tcPair(const uint16_t (*tile)[TC_TILE_STRIDE], int x, int kk) {
    return *reinterpret_cast<const uint32_t*>(&tile[x][kk]);
}

template <class T>
__device__ void tensorCoreGemmBody(const T* a, Strided as, const T* b, Strided bs, T* c, Strided cs,
                                   int batchInner, int sums, int m, int n, int k, int accumulate) {
#if TC_HAS_MMA
    __shared__ __align__(16) uint16_t aTile[TC_TILE_M][TC_TILE_STRIDE];
    __shared__ __align__(16) uint16_t bTile[TC_TILE_N][TC_TILE_STRIDE];
    const uint16_t* aBits = reinterpret_cast<const uint16_t*>(a);
    const uint16_t* bBits = reinterpret_cast<const uint16_t*>(b);

    GemmBlock block = gemmBlock<TC_TILE_M, TC_TILE_N>(m, n, batchInner);
    int row0 = block.row0, col0 = block.col0, outer = block.outer, inner = block.inner;
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    int warpRow = warp / TC_WARPS_N * TC_WARP_M, warpCol = warp % TC_WARPS_N * TC_WARP_N;
    int g = lane / 4, t = lane % 4;

    float acc[TC_MMA_M][TC_MMA_N][4];
    #pragma unroll
    for (int i = 0; i < TC_MMA_M; ++i)
        #pragma unroll
        for (int j = 0; j < TC_MMA_N; ++j)
            #pragma unroll
            for (int r = 0; r < 4; ++r) acc[i][j][r] = 0.0f;

    for (int s = 0; s < sums; ++s) {
        int aStart = matrixStart(as, outer, inner, s), bStart = matrixStart(bs, outer, inner, s);
        for (int k0 = 0; k0 < k; k0 += TC_TILE_K) {
            tcStageTile<TC_TILE_M>(aTile, aBits, aStart, as.strides[GEMM_COL], as.strides[GEMM_ROW], k0, k, row0, m);
            tcStageTile<TC_TILE_N>(bTile, bBits, bStart, bs.strides[GEMM_ROW], bs.strides[GEMM_COL], k0, k, col0, n);
            __syncthreads();
            #pragma unroll
            for (int kk = 0; kk < TC_TILE_K; kk += 16) {
                uint32_t af[TC_MMA_M][4], bf[TC_MMA_N][2];
                #pragma unroll
                for (int i = 0; i < TC_MMA_M; ++i) {
                    int r = warpRow + 16 * i + g;
                    af[i][0] = tcPair(aTile, r, kk + 2 * t);
                    af[i][1] = tcPair(aTile, r + 8, kk + 2 * t);
                    af[i][2] = tcPair(aTile, r, kk + 8 + 2 * t);
                    af[i][3] = tcPair(aTile, r + 8, kk + 8 + 2 * t);
                }
                #pragma unroll
                for (int j = 0; j < TC_MMA_N; ++j) {
                    int col = warpCol + 8 * j + g;
                    bf[j][0] = tcPair(bTile, col, kk + 2 * t);
                    bf[j][1] = tcPair(bTile, col, kk + 8 + 2 * t);
                }
                #pragma unroll
                for (int i = 0; i < TC_MMA_M; ++i)
                    #pragma unroll
                    for (int j = 0; j < TC_MMA_N; ++j) TensorCoreType<T>::mma(acc[i][j], af[i], bf[j]);
            }
            __syncthreads();
        }
    }

    // Register r of tile (i, j) is C[row0 + warpRow + 16i + g + 8·(r / 2)][col0 + warpCol + 8j + 2t + r % 2].
    int cStart = matrixStart(cs, outer, inner, 0);
    #pragma unroll
    for (int i = 0; i < TC_MMA_M; ++i)
        #pragma unroll
        for (int j = 0; j < TC_MMA_N; ++j)
            #pragma unroll
            for (int r = 0; r < 4; ++r) {
                int row = row0 + warpRow + 16 * i + g + 8 * (r / 2), col = col0 + warpCol + 8 * j + 2 * t + r % 2;
                if (row < m && col < n) {
                    int at = cStart + row * cs.strides[GEMM_ROW] + col * cs.strides[GEMM_COL];
                    float value = acc[i][j][r];
                    if (accumulate) value += TensorCoreType<T>::toFloat(c[at]);
                    c[at] = TensorCoreType<T>::fromFloat(value);
                }
            }
#else
    __trap(); // never launched below sm_80 (see the top of the file)
#endif
}

// matmul_tc_<dtype>: launched with TC_THREADS threads and one block per 64×64 tile of every batch
// (org.jgrad.cuda.GemmSize, as matmul_<dtype>); compute capability 8.0 or more.
#define JG_MATMUL_TC(T, SUF) \
    extern "C" __global__ void __launch_bounds__(TC_THREADS) matmul_tc_##SUF(const T* a, Strided as, const T* b, Strided bs, \
            T* c, Strided cs, int batchInner, int sums, int m, int n, int k, int accumulate) { \
        tensorCoreGemmBody<T>(a, as, b, bs, c, cs, batchInner, sums, m, n, k, accumulate); }
JG_MATMUL_TC(__half, f16)
JG_MATMUL_TC(__nv_bfloat16, bf16)
