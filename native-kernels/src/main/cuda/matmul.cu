// Batched matrix product on strided operands, a shared-memory tiled GEMM:
//
//   C[z] = (accumulate ? C[z] : 0) + Σ_{s < sums} A[z, s] · B[z, s]       A: M×K, B: K×N, C: M×N
//
// for every batch z = outer·batchInner + inner. Each operand is a Strided whose strides mean
//   strides[0] outer batch, [1] inner batch, [2] summed batch s, [3] row, [4] column
// (C ignores [2]), so transposed views (row stride 1), broadcast batches (stride 0) and the
// (sample, group) batches of the convolutions are all read in place, never copied. matmul is
// (outer = B, batchInner = 1, sums = 1); conv2d's weight gradient sums over samples with s.
//
// Tiling: a block of 16×16 threads computes a 64×64 tile of C. For each slice of 16 along K it
// stages A's 64×16 and B's 16×64 slices in shared memory (zeros outside the matrices), then every
// thread multiplies them into its 4×4 accumulators: rows ty + 16·i, columns tx + 16·j, so a warp
// reads consecutive shared words (no bank conflicts) and writes consecutive columns of C.
// The half types are staged and accumulated in float and rounded once on the store, like the CPU backend.
#include "common.cuh"
#include "gemm.cuh"

#define GEMM_TILE_M 64
#define GEMM_TILE_N 64
#define GEMM_TILE_K 16
#define GEMM_THREADS_X 16
#define GEMM_THREADS_Y 16
#define GEMM_THREADS (GEMM_THREADS_X * GEMM_THREADS_Y)
#define GEMM_PER_THREAD_M (GEMM_TILE_M / GEMM_THREADS_Y)
#define GEMM_PER_THREAD_N (GEMM_TILE_N / GEMM_THREADS_X)

// Stages the GEMM_TILE_K × X slice of an operand that starts at (k0, x0) into tile[kk][x]; kStride
// and xStride are the operand's strides along K and along its other axis (A: K is the column axis;
// B: K is the row axis). Zeros outside the matrix. Threads walk the slice along whichever axis has
// unit stride, so the global reads coalesce for plain and transposed operands alike.
template <int X, class T, class C>
__device__ __forceinline__ void stageTile(C (*tile)[X + 1], const T* p, int start, int kStride, int xStride,
                                          int k0, int kCount, int x0, int xCount) {
    forEachSliceElement<GEMM_TILE_K, X, GEMM_THREADS>(kStride, xStride, [&](int kk, int x) {
        int kAt = k0 + kk, xAt = x0 + x;
        tile[kk][x] = kAt < kCount && xAt < xCount ? load(p, start + kAt * kStride + xAt * xStride) : C(0);
    });
}

template <class T>
__device__ void gemmBody(const T* a, Strided as, const T* b, Strided bs, T* c, Strided cs,
                         int batchInner, int sums, int m, int n, int k, int accumulate) {
    typedef typename Compute<T>::type C;
    // aTile[kk][r] = A[row0 + r, k0 + kk];  bTile[kk][c] = B[k0 + kk, col0 + c]. One word of padding
    // per row keeps stores along K (row-major A) from all hitting one bank.
    __shared__ C aTile[GEMM_TILE_K][GEMM_TILE_M + 1];
    __shared__ C bTile[GEMM_TILE_K][GEMM_TILE_N + 1];

    GemmBlock block = gemmBlock<GEMM_TILE_M, GEMM_TILE_N>(m, n, batchInner);
    int row0 = block.row0, col0 = block.col0, outer = block.outer, inner = block.inner;
    int tx = threadIdx.x % GEMM_THREADS_X, ty = threadIdx.x / GEMM_THREADS_X;

    C acc[GEMM_PER_THREAD_M][GEMM_PER_THREAD_N];
    #pragma unroll
    for (int i = 0; i < GEMM_PER_THREAD_M; ++i)
        #pragma unroll
        for (int j = 0; j < GEMM_PER_THREAD_N; ++j) acc[i][j] = C(0);

    for (int s = 0; s < sums; ++s) {
        int aStart = matrixStart(as, outer, inner, s), bStart = matrixStart(bs, outer, inner, s);
        for (int k0 = 0; k0 < k; k0 += GEMM_TILE_K) {
            stageTile<GEMM_TILE_M>(aTile, a, aStart, as.strides[GEMM_COL], as.strides[GEMM_ROW], k0, k, row0, m);
            stageTile<GEMM_TILE_N>(bTile, b, bStart, bs.strides[GEMM_ROW], bs.strides[GEMM_COL], k0, k, col0, n);
            __syncthreads();
            #pragma unroll
            for (int kk = 0; kk < GEMM_TILE_K; ++kk) {
                C av[GEMM_PER_THREAD_M], bv[GEMM_PER_THREAD_N];
                #pragma unroll
                for (int i = 0; i < GEMM_PER_THREAD_M; ++i) av[i] = aTile[kk][ty + GEMM_THREADS_Y * i];
                #pragma unroll
                for (int j = 0; j < GEMM_PER_THREAD_N; ++j) bv[j] = bTile[kk][tx + GEMM_THREADS_X * j];
                #pragma unroll
                for (int i = 0; i < GEMM_PER_THREAD_M; ++i)
                    #pragma unroll
                    for (int j = 0; j < GEMM_PER_THREAD_N; ++j) acc[i][j] += av[i] * bv[j];
            }
            __syncthreads();
        }
    }

    int cStart = matrixStart(cs, outer, inner, 0);
    #pragma unroll
    for (int i = 0; i < GEMM_PER_THREAD_M; ++i) {
        int row = row0 + ty + GEMM_THREADS_Y * i;
        #pragma unroll
        for (int j = 0; j < GEMM_PER_THREAD_N; ++j) {
            int col = col0 + tx + GEMM_THREADS_X * j;
            if (row < m && col < n) {
                int at = cStart + row * cs.strides[GEMM_ROW] + col * cs.strides[GEMM_COL];
                C value = acc[i][j];
                if (accumulate) value += load(c, at);
                store(c, at, value);
            }
        }
    }
}

// matmul_<dtype>: launched with GEMM_THREADS threads and one block per 64×64 tile of every batch
// (tilesM · tilesN · outer · batchInner blocks; org.jgrad.cuda.GemmSize computes the grid).
#define JG_MATMUL(T, SUF) \
    extern "C" __global__ void __launch_bounds__(GEMM_THREADS) matmul_##SUF(const T* a, Strided as, const T* b, Strided bs, \
            T* c, Strided cs, int batchInner, int sums, int m, int n, int k, int accumulate) { \
        gemmBody<T>(a, as, b, bs, c, cs, batchInner, sums, m, n, k, accumulate); }
JG_MATMUL(__half, f16)
JG_MATMUL(__nv_bfloat16, bf16)
JG_MATMUL(float, f32)
JG_MATMUL(double, f64)
