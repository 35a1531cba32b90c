// HGEMM ladder: C = A B with float16 inputs, float32 accumulation on the tensor cores, float16
// output (what torch.matmul does for two float16 tensors). Row-major throughout, PyTorch's layout:
//   A (M, K) half, B (K, N) half, C (M, N) half.
//
// Counting: 2 M N K flops; the fewest DRAM bytes 2 (M K + K N + M N). At 4096^3: 137 GFLOP
// against 101 MB, 1365 FLOP/B; an H100 SXM's dense fp16 tensor peak (~990 TFLOP/s) over its
// ~3.35 TB/s puts the ridge near 300 FLOP/B, so the ladder is again about feeding the units.
//
// The instruction: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32, one warp computing a
// 16x8 tile of C from a 16x16 tile of A and a 16x8 tile of B. Per thread (lane = 4 g + t):
//   A: 4 registers of 2 halves: (row g, k 2t..2t+1), (row g+8, same k), (row g, k 8+2t..),
//      (row g+8, k 8+2t..)
//   B: 2 registers: (k 2t..2t+1, col g), (k 8+2t.., col g)
//   C: 4 floats: (row g, cols 2t, 2t+1), (row g+8, cols 2t, 2t+1)
// ldmatrix.x4 loads four 8x8 half matrices from shared memory in exactly the A layout (lanes
// 8i..8i+7 give the row addresses of matrix i); with .trans it transposes on the way, which turns
// B's row-major (k, n) tile into the column layout the instruction wants.
//
// All versions share the tiling: block tile 128x128, BK = 32, 8 warps as 2 (M) x 4 (N), each
// warp 64x32 = 4 x 4 instructions per k16 step, 64 float accumulators per thread. Shared-memory
// rows are padded by 8 halves (16 bytes) so the 8 rows an ldmatrix reads fall in distinct banks.
// Intensity: 2*128*128/(128+128) = 128 flops per half loaded = 64 FLOP/B global; per k16 step
// a warp issues 4 + 2 ldmatrix.x4 for 16 mma.
#include <cuda_fp16.h>
#include "gemm_check.cuh"

namespace hgemm {

constexpr int BM = 128, BN = 128, BK = 32;
constexpr int WM = 64, WN = 32, MI = WM / 16, NI = WN / 8;
constexpr int THREADS = (BM / WM) * (BN / WN) * 32;
constexpr int A_STRIDE = BK + 8;   // halves per shared row of the A tile (BM, BK)
constexpr int B_STRIDE = BN + 8;   // halves per shared row of the B tile (BK, BN)
constexpr int A_TILE = BM * A_STRIDE, B_TILE = BK * B_STRIDE;   // halves per stage
constexpr int A_CHUNKS = BM * BK / 8, B_CHUNKS = BK * BN / 8;   // 16-byte pieces per tile
static_assert(A_CHUNKS % THREADS == 0 && B_CHUNKS % THREADS == 0, "every thread copies whole chunks");

__device__ __forceinline__ uint32_t sharedAddress(const void* p) {
    return (uint32_t) __cvta_generic_to_shared(p);
}

__device__ __forceinline__ void ldmatrixX4(uint32_t (&r)[4], const half* p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(sharedAddress(p)));
}

__device__ __forceinline__ void ldmatrixX4Trans(uint32_t& r0, uint32_t& r1, uint32_t& r2, uint32_t& r3, const half* p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0, %1, %2, %3}, [%4];\n"
                 : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3) : "r"(sharedAddress(p)));
}

__device__ __forceinline__ void mma16816(float (&c)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\n"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

// 16 bytes global -> shared without passing through registers (sm_80+); .cg bypasses L1.
__device__ __forceinline__ void cpAsync16(half* shared, const half* global) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" :: "r"(sharedAddress(shared)), "l"(global));
}
__device__ __forceinline__ void cpAsyncCommit() { asm volatile("cp.async.commit_group;\n" ::); }
template <int PENDING> __device__ __forceinline__ void cpAsyncWait() {
    asm volatile("cp.async.wait_group %0;\n" :: "n"(PENDING));
}

// Where chunk c (16 bytes = 8 halves) of the A and B tiles lies: row and first column. Thread tid
// copies chunks tid, tid + THREADS, ... (a fixed count, so the loops unroll without bounds tests).
__device__ __forceinline__ int aChunkRow(int c) { return c / (BK / 8); }
__device__ __forceinline__ int aChunkCol(int c) { return (c % (BK / 8)) * 8; }
__device__ __forceinline__ int bChunkRow(int c) { return c / (BN / 8); }
__device__ __forceinline__ int bChunkCol(int c) { return (c % (BN / 8)) * 8; }

// One warp's share of one BK step: its 64x32 piece of C += As (its 64 rows) x Bs (its 32 columns).
__device__ __forceinline__ void warpTileMma(const half* As, const half* Bs, float (&acc)[MI][NI][4], int warpRow, int warpCol, int lane) {
    #pragma unroll
    for (int kk = 0; kk < BK; kk += 16) {
        uint32_t a[MI][4], b[NI][2];
        #pragma unroll
        for (int mi = 0; mi < MI; ++mi)   // matrices: rows 0-7 | 8-15 at k 0-7, then rows 0-7 | 8-15 at k 8-15
            ldmatrixX4(a[mi], As + (warpRow * WM + mi * 16 + lane % 16) * A_STRIDE + kk + (lane / 16) * 8);
        #pragma unroll
        for (int nj = 0; nj < NI / 2; ++nj)   // matrices: k 0-7 | 8-15 at n 0-7, then k 0-7 | 8-15 at n 8-15
            ldmatrixX4Trans(b[2 * nj][0], b[2 * nj][1], b[2 * nj + 1][0], b[2 * nj + 1][1],
                            Bs + (kk + lane % 8 + ((lane / 8) % 2) * 8) * B_STRIDE + warpCol * WN + nj * 16 + (lane / 16) * 8);
        #pragma unroll
        for (int mi = 0; mi < MI; ++mi)
            #pragma unroll
            for (int ni = 0; ni < NI; ++ni) mma16816(acc[mi][ni], a[mi], b[ni]);
    }
}

// The accumulators, rounded to half, into C (row g and g + 8 of each 16x8 tile).
__device__ __forceinline__ void storeTile(half* C, int N, int rowBase, int colBase, const float (&acc)[MI][NI][4], int lane) {
    const int g = lane / 4, t = lane % 4;
    #pragma unroll
    for (int mi = 0; mi < MI; ++mi)
        #pragma unroll
        for (int ni = 0; ni < NI; ++ni) {
            int row = rowBase + mi * 16 + g, col = colBase + ni * 8 + 2 * t;
            *reinterpret_cast<half2*>(&C[row * N + col]) = __floats2half2_rn(acc[mi][ni][0], acc[mi][ni][1]);
            *reinterpret_cast<half2*>(&C[(row + 8) * N + col]) = __floats2half2_rn(acc[mi][ni][2], acc[mi][ni][3]);
        }
}

// 1. mma.sync from shared-memory tiles. Each BK step: every thread copies its 16-byte chunks of
//    A and B through registers into shared memory, barrier, the warps run their mma, barrier.
//    Expected: well above any SGEMM (tensor cores), but the loads and the mma alternate: while a
//    block waits for global memory its tensor cores idle (other resident blocks hide part of it).
__global__ void __launch_bounds__(THREADS) hgemmMmaSync(int M, int N, int K, const half* A, const half* B, half* C) {
    __shared__ __align__(16) half As[A_TILE];
    __shared__ __align__(16) half Bs[B_TILE];
    const int tid = threadIdx.x, lane = tid % 32, warp = tid / 32;
    const int warpRow = warp / (BN / WN), warpCol = warp % (BN / WN);
    const int rowBase = blockIdx.y * BM, colBase = blockIdx.x * BN;
    float acc[MI][NI][4] = {};
    for (int k0 = 0; k0 < K; k0 += BK) {
        #pragma unroll
        for (int i = 0; i < A_CHUNKS / THREADS; ++i) {
            const int c = tid + i * THREADS;
            *reinterpret_cast<uint4*>(&As[aChunkRow(c) * A_STRIDE + aChunkCol(c)]) =
                *reinterpret_cast<const uint4*>(&A[(rowBase + aChunkRow(c)) * K + k0 + aChunkCol(c)]);
        }
        #pragma unroll
        for (int i = 0; i < B_CHUNKS / THREADS; ++i) {
            const int c = tid + i * THREADS;
            *reinterpret_cast<uint4*>(&Bs[bChunkRow(c) * B_STRIDE + bChunkCol(c)]) =
                *reinterpret_cast<const uint4*>(&B[(k0 + bChunkRow(c)) * N + colBase + bChunkCol(c)]);
        }
        __syncthreads();
        warpTileMma(As, Bs, acc, warpRow, warpCol, lane);
        __syncthreads();
    }
    storeTile(C, N, rowBase + warpRow * WM, colBase + warpCol * WN, acc, lane);
}

// 2, 3. cp.async pipeline with STAGES shared-memory buffers (2: double buffering). While the warps
//    multiply tile kt, the copies of tiles kt+1 .. kt+STAGES-1 are in flight; no registers are
//    spent on the copies. Group bookkeeping: the prologue commits tiles 0..STAGES-2 (one group
//    each); iteration kt commits one group (tile kt+STAGES-1, possibly empty), so after
//    wait_group(STAGES-2) at the top of iteration kt, groups 0..kt, hence tile kt, have landed.
//    The barrier after the wait also guarantees that every warp finished tile kt-1, whose buffer,
//    (kt-1) % STAGES = (kt+STAGES-1) % STAGES, is the one refilled next.
//    Expected: 2 stages hide most of the load latency; 3 stages hide it at 4096^3 on an H100.
__device__ __forceinline__ void loadTileAsync(half* stage, const half* A, const half* B, int N, int K, int rowBase, int colBase, int k0, int tid) {
    half* As = stage;
    half* Bs = stage + A_TILE;
    #pragma unroll
    for (int i = 0; i < A_CHUNKS / THREADS; ++i) {
        const int c = tid + i * THREADS;
        cpAsync16(&As[aChunkRow(c) * A_STRIDE + aChunkCol(c)], &A[(rowBase + aChunkRow(c)) * K + k0 + aChunkCol(c)]);
    }
    #pragma unroll
    for (int i = 0; i < B_CHUNKS / THREADS; ++i) {
        const int c = tid + i * THREADS;
        cpAsync16(&Bs[bChunkRow(c) * B_STRIDE + bChunkCol(c)], &B[(k0 + bChunkRow(c)) * N + colBase + bChunkCol(c)]);
    }
}

template <int STAGES>
__global__ void __launch_bounds__(THREADS) hgemmPipelined(int M, int N, int K, const half* A, const half* B, half* C) {
    extern __shared__ __align__(16) half shared[];   // STAGES x (A tile, B tile)
    const int tid = threadIdx.x, lane = tid % 32, warp = tid / 32;
    const int warpRow = warp / (BN / WN), warpCol = warp % (BN / WN);
    const int rowBase = blockIdx.y * BM, colBase = blockIdx.x * BN;
    const int tiles = K / BK;
    float acc[MI][NI][4] = {};
    #pragma unroll
    for (int s = 0; s < STAGES - 1; ++s) {
        if (s < tiles) loadTileAsync(shared + s * (A_TILE + B_TILE), A, B, N, K, rowBase, colBase, s * BK, tid);
        cpAsyncCommit();
    }
    for (int kt = 0; kt < tiles; ++kt) {
        cpAsyncWait<STAGES - 2>();
        __syncthreads();
        int next = kt + STAGES - 1;
        if (next < tiles)
            loadTileAsync(shared + (next % STAGES) * (A_TILE + B_TILE), A, B, N, K, rowBase, colBase, next * BK, tid);
        cpAsyncCommit();
        const half* stage = shared + (kt % STAGES) * (A_TILE + B_TILE);
        warpTileMma(stage, stage + A_TILE, acc, warpRow, warpCol, lane);
    }
    storeTile(C, N, rowBase + warpRow * WM, colBase + warpCol * WN, acc, lane);
}

// ---------------------------------------------------------------------------------------------
typedef void (*Launch)(int M, int N, int K, const half* A, const half* B, half* C);

void launchMmaSync(int M, int N, int K, const half* A, const half* B, half* C) {
    hgemmMmaSync<<<dim3(N / BN, M / BM), THREADS>>>(M, N, K, A, B, C);
}

template <int STAGES> void launchPipelined(int M, int N, int K, const half* A, const half* B, half* C) {
    const int bytes = STAGES * (A_TILE + B_TILE) * (int) sizeof(half);
    static bool optedIn = false;   // above 48 KiB of dynamic shared memory a kernel must opt in, once
    if (!optedIn) {
        CUDA_CHECK(cudaFuncSetAttribute(hgemmPipelined<STAGES>, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
        optedIn = true;
    }
    hgemmPipelined<STAGES><<<dim3(N / BN, M / BM), THREADS, bytes>>>(M, N, K, A, B, C);
}

struct Version {
    const char* id;
    const char* name;
    Launch launch;
};

const Version kLadder[] = {
    {"1", "mma.sync m16n8k16 + ldmatrix, smem tiles", launchMmaSync},
    {"2", "cp.async double buffering (2 stages)", launchPipelined<2>},
    {"3", "cp.async pipeline, 3 stages", launchPipelined<3>},
};

std::vector<half> toHalf(const std::vector<float>& v) {
    std::vector<half> h(v.size());
    for (size_t i = 0; i < v.size(); ++i) h[i] = __float2half_rn(v[i]);
    return h;
}

std::vector<float> toFloat(const std::vector<half>& h) {
    std::vector<float> v(h.size());
    for (size_t i = 0; i < h.size(); ++i) v[i] = __half2float(h[i]);
    return v;
}

}  // namespace hgemm

void runHgemm(const LabOptions& options, Report& report) {
    using namespace hgemm;
    Timer timer;
    for (int size : options.gemmSizes) {
        const int M = size, N = size, K = size;
        if (M % BM || N % BN || K % BK) { printf("hgemm skipped at %d: needs multiples of %dx%dx%d\n", size, BM, BN, BK); continue; }
        // The reference multiplies the float16 values the kernels see, in double.
        std::vector<half> hostA = toHalf(randomFloats((size_t) M * K, options.seed + 10));
        std::vector<half> hostB = toHalf(randomFloats((size_t) K * N, options.seed + 11));
        std::vector<float> exactA = toFloat(hostA), exactB = toFloat(hostB);
        GemmReference reference(exactA, exactB, M, N, K);
        DeviceBuffer<half> A((size_t) M * K), B((size_t) K * N), C((size_t) M * N);
        A.upload(hostA);
        B.upload(hostB);
        for (const Version& v : kLadder) {
            if (!wanted(options, v.id)) continue;
            Result r;
            r.op = "hgemm";
            r.version = v.id;
            r.name = v.name;
            r.shape = gemmShape(M, N, K);
            r.dtype = "f16";
            r.flops = 2.0 * M * N * K;
            r.bytes = 2.0 * ((double) M * K + (double) K * N + (double) M * N);
            auto launch = [&] { v.launch(M, N, K, A.ptr, B.ptr, C.ptr); LAUNCH_CHECK(); };
            C.poison();
            launch();
            CUDA_CHECK(cudaDeviceSynchronize());
            // Tensor-core accumulation is float32 but not strictly IEEE in its internal adds: 2^-14
            // of the magnitude sum; the half output adds 2^-11 of |want|.
            r.check = reference.check(toFloat(C.download()), {1.0 / 16384, 1.0 / 2048}, options.seed + 17);
            if (r.check.ok()) r.timing = timer.time(options, launch);
            report.add(r, 0);
        }
    }
}
