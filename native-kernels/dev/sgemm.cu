// SGEMM ladder: C = A B in float32 on the CUDA cores (no tensor cores), row-major throughout:
//   A (M, K), B (K, N), C (M, N).
// Eight versions from naive to tuned; each one changes one idea. The runner checks every version
// against the double-accumulating CPU loop (gemm_check.cuh), then times it.
//
// Counting (the floor every version is measured against): 2 M N K flops; the fewest DRAM bytes
// are 4 (M K + K N + M N). At 4096^3 that is 137 GFLOP against 201 MB: 683 FLOP/B, far right
// of an H100's ridge (~67 TFLOP/s FP32 / ~3.35 TB/s = ~20 FLOP/B), so every version is meant to
// be compute-bound and the ladder is about feeding the FMA units: fewer loads per FMA at each
// level of the memory hierarchy.
// "Intensity" below is FLOPs per byte a block loads from global memory (L2 or DRAM), and loads
// per FMA from shared memory: the two ratios each version improves.
#include "gemm_check.cuh"

// ---------------------------------------------------------------------------------------------
// 1. Naive. One thread per output; threadIdx.x walks down a column of C (consecutive threads,
//    consecutive rows m). A warp then reads 32 different rows of A (32 sectors per load, a stride
//    of K floats) and writes 32 different rows of C: uncoalesced.
//    Expected: a few hundred GFLOP/s at best; the L1 cache hides part of the waste.
//    Intensity: 2 flops per 2 loads (8 bytes) through L1 per thread: 0.25 FLOP/B.
__global__ void sgemmNaive(int M, int N, int K, const float* A, const float* B, float* C) {
    int m = blockIdx.x * blockDim.x + threadIdx.x;
    int n = blockIdx.y * blockDim.y + threadIdx.y;
    if (m < M && n < N) {
        float acc = 0;
        for (int k = 0; k < K; ++k) acc += A[m * K + k] * B[k * N + n];
        C[m * N + n] = acc;
    }
}

// 2. Coalesced. The same loop with threadIdx.x along a row of C: a warp reads 32 consecutive
//    floats of B (one 128-byte line), one broadcast value of A, and writes 32 consecutive outputs.
//    Expected: several times version 1; now limited by L1/L2 bandwidth (2 loads per FMA).
//    Intensity: unchanged 0.25 FLOP/B per thread, but 32x fewer sectors per warp load.
__global__ void sgemmCoalesced(int M, int N, int K, const float* A, const float* B, float* C) {
    int n = blockIdx.x * blockDim.x + threadIdx.x;
    int m = blockIdx.y * blockDim.y + threadIdx.y;
    if (m < M && n < N) {
        float acc = 0;
        for (int k = 0; k < K; ++k) acc += A[m * K + k] * B[k * N + n];
        C[m * N + n] = acc;
    }
}

// 3. Shared-memory tiles. A 32x32 block stages a 32x32 tile of A and of B in shared memory, then
//    every thread reads its row and column from there: each global value is loaded once per block
//    instead of once per thread.
//    Expected: ~2x version 2; now bound by shared memory (2 LDS per FMA, one a broadcast).
//    Intensity: 2*32*32*32 flops per 2*32*32 floats loaded = 8 FLOP/B global; 2 LDS per FMA.
constexpr int TILE3 = 32;
__global__ void __launch_bounds__(TILE3 * TILE3) sgemmSharedTiles(int M, int N, int K, const float* A, const float* B, float* C) {
    __shared__ float As[TILE3][TILE3];
    __shared__ float Bs[TILE3][TILE3];
    int tx = threadIdx.x, ty = threadIdx.y;
    int m = blockIdx.y * TILE3 + ty, n = blockIdx.x * TILE3 + tx;
    float acc = 0;
    for (int k0 = 0; k0 < K; k0 += TILE3) {
        As[ty][tx] = A[m * K + k0 + tx];
        Bs[ty][tx] = B[(k0 + ty) * N + n];
        __syncthreads();
        #pragma unroll
        for (int k = 0; k < TILE3; ++k) acc += As[ty][k] * Bs[k][tx];
        __syncthreads();
    }
    C[m * N + n] = acc;
}

// 4. 1-D register blocking. Each thread computes TM = 8 outputs of one column: a value of B read
//    from shared memory once is used for 8 FMAs against 8 values of A (broadcast within the warp).
//    Block tile 64x64, BK = 8, 512 threads.
//    Expected: ~2x version 3.
//    Intensity: 2*64*64/(64+64) = 64 flops per float = 16 FLOP/B global; (1 + TM)/TM = 1.1 LDS per FMA.
constexpr int BM4 = 64, BN4 = 64, BK4 = 8, TM4 = 8;
__global__ void __launch_bounds__(BM4 * BN4 / TM4) sgemmBlocktiling1d(int M, int N, int K, const float* A, const float* B, float* C) {
    __shared__ float As[BM4 * BK4];   // (BM, BK)
    __shared__ float Bs[BK4 * BN4];   // (BK, BN)
    const int tid = threadIdx.x;
    const int rowBase = blockIdx.y * BM4, colBase = blockIdx.x * BN4;
    const int threadCol = tid % BN4, threadRow = tid / BN4;   // threadRow in [0, BM/TM)
    const int aRow = tid / BK4, aCol = tid % BK4;             // one float of A per thread
    const int bRow = tid / BN4, bCol = tid % BN4;             // one float of B per thread
    float acc[TM4] = {};
    for (int k0 = 0; k0 < K; k0 += BK4) {
        As[aRow * BK4 + aCol] = A[(rowBase + aRow) * K + k0 + aCol];
        Bs[bRow * BN4 + bCol] = B[(k0 + bRow) * N + colBase + bCol];
        __syncthreads();
        #pragma unroll
        for (int dot = 0; dot < BK4; ++dot) {
            float b = Bs[dot * BN4 + threadCol];
            #pragma unroll
            for (int i = 0; i < TM4; ++i) acc[i] += As[(threadRow * TM4 + i) * BK4 + dot] * b;
        }
        __syncthreads();
    }
    #pragma unroll
    for (int i = 0; i < TM4; ++i) C[(rowBase + threadRow * TM4 + i) * N + colBase + threadCol] = acc[i];
}

// acc (I, J) += regM (I) x regN (J): the outer product every register-blocked version (5-8) runs
// once per k, I x J FMAs with all operands in registers.
template <int I, int J>
__device__ __forceinline__ void outerProductAccumulate(float (&acc)[I][J], const float (&regM)[I], const float (&regN)[J]) {
    #pragma unroll
    for (int i = 0; i < I; ++i)
        #pragma unroll
        for (int j = 0; j < J; ++j) acc[i][j] += regM[i] * regN[j];
}

// 5. 2-D register blocking. Each thread computes an 8x8 outer product per k: 8 values of A and 8
//    of B loaded into registers, then 64 FMAs from registers. Block tile 128x128, BK = 8, 256 threads.
//    Expected: ~2x version 4; the first version near half of cuBLAS.
//    Intensity: 2*128*128/(128+128) = 128 flops per float = 32 FLOP/B global; 16 LDS per 64 FMA = 0.25.
constexpr int BM5 = 128, BN5 = 128, BK5 = 8, TM5 = 8, TN5 = 8, THREADS5 = BM5 * BN5 / (TM5 * TN5);
__global__ void __launch_bounds__(THREADS5) sgemmBlocktiling2d(int M, int N, int K, const float* A, const float* B, float* C) {
    __shared__ float As[BM5 * BK5];   // (BM, BK)
    __shared__ float Bs[BK5 * BN5];   // (BK, BN)
    const int tid = threadIdx.x;
    const int rowBase = blockIdx.y * BM5, colBase = blockIdx.x * BN5;
    const int threadCol = tid % (BN5 / TN5), threadRow = tid / (BN5 / TN5);
    const int aRow = tid / BK5, aCol = tid % BK5, aStride = THREADS5 / BK5;   // 32 rows of A per pass
    const int bRow = tid / BN5, bCol = tid % BN5, bStride = THREADS5 / BN5;   // 2 rows of B per pass
    float acc[TM5][TN5] = {};
    float regM[TM5], regN[TN5];
    for (int k0 = 0; k0 < K; k0 += BK5) {
        for (int r = 0; r < BM5; r += aStride) As[(aRow + r) * BK5 + aCol] = A[(rowBase + aRow + r) * K + k0 + aCol];
        for (int r = 0; r < BK5; r += bStride) Bs[(bRow + r) * BN5 + bCol] = B[(k0 + bRow + r) * N + colBase + bCol];
        __syncthreads();
        #pragma unroll
        for (int dot = 0; dot < BK5; ++dot) {
            #pragma unroll
            for (int i = 0; i < TM5; ++i) regM[i] = As[(threadRow * TM5 + i) * BK5 + dot];
            #pragma unroll
            for (int j = 0; j < TN5; ++j) regN[j] = Bs[dot * BN5 + threadCol * TN5 + j];
            outerProductAccumulate(acc, regM, regN);
        }
        __syncthreads();
    }
    #pragma unroll
    for (int i = 0; i < TM5; ++i)
        #pragma unroll
        for (int j = 0; j < TN5; ++j) C[(rowBase + threadRow * TM5 + i) * N + colBase + threadCol * TN5 + j] = acc[i][j];
}

// Four floats at once (one 128-bit load and store); both addresses 16-byte aligned.
__device__ __forceinline__ void copy4(float* dst, const float* src) {
    *reinterpret_cast<float4*>(dst) = *reinterpret_cast<const float4*>(src);
}

// The float4 a = A[row][col .. col+3] into the transposed shared tile As (BK, BM): As[col + c][row].
// Versions 6-8 store A this way so that a thread's values of A are contiguous along m.
template <int BM>
__device__ __forceinline__ void storeTransposed(float* As, int row, int col, float4 a) {
    As[(col + 0) * BM + row] = a.x;
    As[(col + 1) * BM + row] = a.y;
    As[(col + 2) * BM + row] = a.z;
    As[(col + 3) * BM + row] = a.w;
}

// 6. Vectorized loads. Version 5 with 128-bit accesses everywhere: global loads and C stores as
//    float4, and A stored transposed in shared memory, As (BK, BM), so a thread's 8 values of A
//    are contiguous too: each k step is 4 LDS.128 instead of 8 scalar LDS for A and 8 for B.
//    Expected: +10-30% over version 5 (fewer load instructions issued per FMA).
//    Intensity: as version 5 (32 FLOP/B global), 4 LDS.128 per 64 FMA.
//    Needs N and K multiples of 4 (float4 rows stay 16-byte aligned).
__global__ void __launch_bounds__(THREADS5) sgemmVectorized(int M, int N, int K, const float* A, const float* B, float* C) {
    __shared__ __align__(16) float As[BK5 * BM5];   // (BK, BM): A transposed
    __shared__ __align__(16) float Bs[BK5 * BN5];   // (BK, BN)
    const int tid = threadIdx.x;
    const int rowBase = blockIdx.y * BM5, colBase = blockIdx.x * BN5;
    const int threadCol = tid % (BN5 / TN5), threadRow = tid / (BN5 / TN5);
    const int aRow = tid / (BK5 / 4), aCol4 = tid % (BK5 / 4);   // 128 rows x 2 float4: one each
    const int bRow = tid / (BN5 / 4), bCol4 = tid % (BN5 / 4);   // 8 rows x 32 float4: one each
    static_assert(THREADS5 == BM5 * BK5 / 4 && THREADS5 == BK5 * BN5 / 4, "one float4 of A and of B per thread");
    float acc[TM5][TN5] = {};
    float regM[TM5], regN[TN5];
    for (int k0 = 0; k0 < K; k0 += BK5) {
        storeTransposed<BM5>(As, aRow, aCol4 * 4, *reinterpret_cast<const float4*>(&A[(rowBase + aRow) * K + k0 + aCol4 * 4]));
        copy4(&Bs[bRow * BN5 + bCol4 * 4], &B[(k0 + bRow) * N + colBase + bCol4 * 4]);
        __syncthreads();
        #pragma unroll
        for (int dot = 0; dot < BK5; ++dot) {
            #pragma unroll
            for (int i = 0; i < TM5; i += 4)
                copy4(&regM[i], &As[dot * BM5 + threadRow * TM5 + i]);
            #pragma unroll
            for (int j = 0; j < TN5; j += 4)
                copy4(&regN[j], &Bs[dot * BN5 + threadCol * TN5 + j]);
            outerProductAccumulate(acc, regM, regN);
        }
        __syncthreads();
    }
    #pragma unroll
    for (int i = 0; i < TM5; ++i)
        #pragma unroll
        for (int j = 0; j < TN5; j += 4)
            *reinterpret_cast<float4*>(&C[(rowBase + threadRow * TM5 + i) * N + colBase + threadCol * TN5 + j]) =
                make_float4(acc[i][j], acc[i][j + 1], acc[i][j + 2], acc[i][j + 3]);
}

// 7. Warp tiling. A level between block and thread: each warp owns a WM x WN piece of the block
//    tile and walks it in WMITER x WNITER sub-tiles of WSUBM x WSUBN, in which its 32 threads each
//    own TM x TN outputs. A warp's shared-memory reads then cover a compact region (fewer bank
//    conflicts, better reuse in registers), and a thread holds (WMITER TM) x (WNITER TN) outputs.
//    Expected: ~cuBLAS territory (80-95%) once the tile sizes suit the card (version 8).
//    Intensity (default 128x128x16, warps 64x64, thread 8x(4x4)): 32 FLOP/B global;
//    per k, 2 + 4 LDS.128 for 128 FMAs.
template <int BM_, int BN_, int BK_, int WM_, int WN_, int WNITER_, int TM_, int TN_, int THREADS_>
struct WarpTiling {
    static constexpr int BM = BM_, BN = BN_, BK = BK_, WM = WM_, WN = WN_, WNITER = WNITER_, TM = TM_, TN = TN_;
    static constexpr int THREADS = THREADS_;
    static constexpr int WMITER = (WM * WN) / (32 * TM * TN * WNITER);
    static constexpr int WSUBM = WM / WMITER, WSUBN = WN / WNITER;
    static constexpr int A_ROW_STRIDE = THREADS / (BK / 4);   // rows of A loaded per pass (float4 each)
    static constexpr int B_ROW_STRIDE = THREADS / (BN / 4);   // rows of B loaded per pass
    static_assert((BM / WM) * (BN / WN) == THREADS / 32, "one warp per warp tile");
    static_assert(WMITER >= 1 && WMITER * 32 * TM * TN * WNITER == WM * WN, "a warp tile splits into whole sub-tiles");
    static_assert((WSUBM / TM) * (WSUBN / TN) == 32, "32 threads cover a sub-tile");
    static_assert(WSUBM % TM == 0 && WSUBN % TN == 0 && TM % 4 == 0 && TN % 4 == 0, "float4 register loads");
    static_assert(BK % 4 == 0 && BN % 4 == 0 && A_ROW_STRIDE > 0 && B_ROW_STRIDE > 0, "float4 tile loads");
    static_assert(BM % A_ROW_STRIDE == 0 && BK % B_ROW_STRIDE == 0, "tile loads cover the tiles exactly");
};

template <class T>
__global__ void __launch_bounds__(T::THREADS) sgemmWarptiling(int M, int N, int K, const float* A, const float* B, float* C) {
    constexpr int BM = T::BM, BN = T::BN, BK = T::BK, TM = T::TM, TN = T::TN;
    constexpr int WMITER = T::WMITER, WNITER = T::WNITER, WSUBM = T::WSUBM, WSUBN = T::WSUBN;
    __shared__ __align__(16) float As[BK * BM];   // (BK, BM): A transposed
    __shared__ __align__(16) float Bs[BK * BN];   // (BK, BN)
    const int tid = threadIdx.x, lane = tid % 32, warp = tid / 32;
    const int rowBase = blockIdx.y * BM, colBase = blockIdx.x * BN;
    const int warpRow = warp / (BN / T::WN), warpCol = warp % (BN / T::WN);
    const int threadRowInWarp = lane / (WSUBN / TN), threadColInWarp = lane % (WSUBN / TN);
    const int aRow = tid / (BK / 4), aCol4 = tid % (BK / 4);
    const int bRow = tid / (BN / 4), bCol4 = tid % (BN / 4);
    // This thread's first row and column inside the block tile; sub-tiles add wm*WSUBM, wn*WSUBN.
    const int myRow = warpRow * T::WM + threadRowInWarp * TM;
    const int myCol = warpCol * T::WN + threadColInWarp * TN;

    float acc[WMITER * TM][WNITER * TN] = {};
    float regM[WMITER * TM], regN[WNITER * TN];
    for (int k0 = 0; k0 < K; k0 += BK) {
        #pragma unroll
        for (int r = 0; r < BM; r += T::A_ROW_STRIDE)
            storeTransposed<BM>(As, aRow + r, aCol4 * 4, *reinterpret_cast<const float4*>(&A[(rowBase + aRow + r) * K + k0 + aCol4 * 4]));
        #pragma unroll
        for (int r = 0; r < BK; r += T::B_ROW_STRIDE)
            copy4(&Bs[(bRow + r) * BN + bCol4 * 4], &B[(k0 + bRow + r) * N + colBase + bCol4 * 4]);
        __syncthreads();
        #pragma unroll
        for (int dot = 0; dot < BK; ++dot) {
            #pragma unroll
            for (int wm = 0; wm < WMITER; ++wm)
                #pragma unroll
                for (int i = 0; i < TM; i += 4)
                    copy4(&regM[wm * TM + i], &As[dot * BM + myRow + wm * WSUBM + i]);
            #pragma unroll
            for (int wn = 0; wn < WNITER; ++wn)
                #pragma unroll
                for (int j = 0; j < TN; j += 4)
                    copy4(&regN[wn * TN + j], &Bs[dot * BN + myCol + wn * WSUBN + j]);
            outerProductAccumulate(acc, regM, regN);
        }
        __syncthreads();
    }
    #pragma unroll
    for (int wm = 0; wm < WMITER; ++wm)
        #pragma unroll
        for (int i = 0; i < TM; ++i)
            #pragma unroll
            for (int wn = 0; wn < WNITER; ++wn)
                #pragma unroll
                for (int j = 0; j < TN; j += 4) {
                    const float* v = &acc[wm * TM + i][wn * TN + j];
                    *reinterpret_cast<float4*>(&C[(rowBase + myRow + wm * WSUBM + i) * N + colBase + myCol + wn * WSUBN + j]) =
                        make_float4(v[0], v[1], v[2], v[3]);
                }
}

// 8. Tuned: version 7's kernel with the tile sizes chosen per shape by a small autotune over the
//    configurations below (each one checked, then timed; the fastest is reported).
//                          BM   BN  BK  WM  WN WNITER TM TN threads
using Warptile128x128 = WarpTiling<128, 128, 16, 64, 64, 4, 8, 4, 128>;   // version 7's default
using Warptile128x128k8 = WarpTiling<128, 128, 8, 64, 32, 2, 8, 4, 256>;
using Warptile64x128 = WarpTiling<64, 128, 16, 32, 64, 2, 8, 4, 128>;
using Warptile128x256 = WarpTiling<128, 256, 16, 64, 64, 4, 8, 4, 256>;
using Warptile256x128 = WarpTiling<256, 128, 16, 64, 64, 4, 8, 4, 256>;

// ---------------------------------------------------------------------------------------------
// Launchers: one per version, each with the shapes it accepts.
typedef void (*GemmLaunch)(int M, int N, int K, const float* A, const float* B, float* C);

static void launchNaive(int M, int N, int K, const float* A, const float* B, float* C) {
    sgemmNaive<<<dim3(ceilDiv(M, 32), ceilDiv(N, 32)), dim3(32, 32)>>>(M, N, K, A, B, C);
}
static void launchCoalesced(int M, int N, int K, const float* A, const float* B, float* C) {
    sgemmCoalesced<<<dim3(ceilDiv(N, 32), ceilDiv(M, 32)), dim3(32, 32)>>>(M, N, K, A, B, C);
}
static void launchSharedTiles(int M, int N, int K, const float* A, const float* B, float* C) {
    sgemmSharedTiles<<<dim3(N / TILE3, M / TILE3), dim3(TILE3, TILE3)>>>(M, N, K, A, B, C);
}
static void launchBlocktiling1d(int M, int N, int K, const float* A, const float* B, float* C) {
    sgemmBlocktiling1d<<<dim3(N / BN4, M / BM4), BM4 * BN4 / TM4>>>(M, N, K, A, B, C);
}
static void launchBlocktiling2d(int M, int N, int K, const float* A, const float* B, float* C) {
    sgemmBlocktiling2d<<<dim3(N / BN5, M / BM5), THREADS5>>>(M, N, K, A, B, C);
}
static void launchVectorized(int M, int N, int K, const float* A, const float* B, float* C) {
    sgemmVectorized<<<dim3(N / BN5, M / BM5), THREADS5>>>(M, N, K, A, B, C);
}
template <class T> static void launchWarptiling(int M, int N, int K, const float* A, const float* B, float* C) {
    sgemmWarptiling<T><<<dim3(N / T::BN, M / T::BM), T::THREADS>>>(M, N, K, A, B, C);
}

struct SgemmVersion {
    const char* id;
    const char* name;
    int tileM, tileN, tileK;   // M, N, K must be multiples (1: any size)
    GemmLaunch launch;
};

static const SgemmVersion kLadder[] = {
    {"1", "naive (threads down columns)", 1, 1, 1, launchNaive},
    {"2", "coalesced", 1, 1, 1, launchCoalesced},
    {"3", "shared-memory tiles 32x32", TILE3, TILE3, TILE3, launchSharedTiles},
    {"4", "1-D register blocking 64x64x8, 8/thread", BM4, BN4, BK4, launchBlocktiling1d},
    {"5", "2-D register blocking 128x128x8, 8x8/thread", BM5, BN5, BK5, launchBlocktiling2d},
    {"6", "vectorized float4, A transposed in smem", BM5, BN5, BK5, launchVectorized},
    {"7", "warp tiling 128x128x16, warp 64x64", Warptile128x128::BM, Warptile128x128::BN, Warptile128x128::BK,
     launchWarptiling<Warptile128x128>},
};

#define TUNE_ENTRY(T, label) {"8", label, T::BM, T::BN, T::BK, launchWarptiling<T>}
static const SgemmVersion kTuneCandidates[] = {
    TUNE_ENTRY(Warptile128x128, "128x128x16 w64x64 128t"),
    TUNE_ENTRY(Warptile128x128k8, "128x128x8 w64x32 256t"),
    TUNE_ENTRY(Warptile64x128, "64x128x16 w32x64 128t"),
    TUNE_ENTRY(Warptile128x256, "128x256x16 w64x64 256t"),
    TUNE_ENTRY(Warptile256x128, "256x128x16 w64x64 256t"),
};

// ---------------------------------------------------------------------------------------------
// The runner: for each size, every version checked and timed; then version 8's autotune.
namespace {

struct SgemmProblem {
    int M, N, K;
    std::vector<float> hostA, hostB;
    GemmReference reference;
    DeviceBuffer<float> A, B, C;
    SgemmProblem(int m, int n, int k, uint64_t seed)
        : M(m), N(n), K(k), hostA(randomFloats((size_t) m * k, seed)), hostB(randomFloats((size_t) k * n, seed + 1)),
          reference(hostA, hostB, m, n, k), A((size_t) m * k), B((size_t) k * n), C((size_t) m * n) {
        A.upload(hostA);
        B.upload(hostB);
    }
    bool fits(const SgemmVersion& v) const { return M % v.tileM == 0 && N % v.tileN == 0 && K % v.tileK == 0; }
};

Result measure(const SgemmVersion& v, SgemmProblem& p, const LabOptions& options, Timer& timer) {
    Result r;
    r.op = "sgemm";
    r.version = v.id;
    r.name = v.name;
    r.shape = gemmShape(p.M, p.N, p.K);
    r.dtype = "f32";
    r.flops = 2.0 * p.M * p.N * p.K;
    r.bytes = 4.0 * ((double) p.M * p.K + (double) p.K * p.N + (double) p.M * p.N);
    auto launch = [&] { v.launch(p.M, p.N, p.K, p.A.ptr, p.B.ptr, p.C.ptr); LAUNCH_CHECK(); };
    p.C.poison();
    launch();
    CUDA_CHECK(cudaDeviceSynchronize());
    r.check = p.reference.check(p.C.download(), {1.0 / 65536, 0}, options.seed + 7);
    if (r.check.ok()) r.timing = timer.time(options, launch);
    return r;
}

}  // namespace

void runSgemm(const LabOptions& options, Report& report) {
    Timer timer;
    for (int size : options.gemmSizes) {
        SgemmProblem p(size, size, size, options.seed);
        for (const SgemmVersion& v : kLadder) {
            if (!wanted(options, v.id)) continue;
            if (!p.fits(v)) { printf("sgemm %s skipped at %d: needs multiples of %dx%dx%d\n", v.id, size, v.tileM, v.tileN, v.tileK); continue; }
            report.add(measure(v, p, options, timer), 0);
        }
        if (!wanted(options, "8")) continue;
        Result best;
        bool any = false;
        for (const SgemmVersion& v : kTuneCandidates) {
            if (!p.fits(v)) continue;
            Result r = measure(v, p, options, timer);
            printf("  autotune %-26s %s %9.3f ms\n", v.name, r.check.ok() ? "ok  " : "FAIL", r.timing.medianMs);
            if (!r.check.ok()) { report.add(r, 0); continue; }   // a wrong candidate is reported, never chosen
            if (!any || r.timing.medianMs < best.timing.medianMs) best = r;
            any = true;
        }
        if (any) {
            best.name = "tuned: " + best.name;
            report.add(best, 0);
        }
    }
}
