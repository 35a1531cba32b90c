// gather, index_select and scatter_add along one axis with int64 indices, on strided views.
// Definitions follow the CPU reference org.jgrad.tensor.cpu.IndexKernels. The host checked that
// every index lies in [0, size of the axis). Views whose axis coordinate is replaced by an index
// arrive with that axis's stride set to 0 ("base" views) and the real stride as a separate int.
#include "common.cuh"

// ---- gather and index_select ------------------------------------------------------------------

// gather_w<bytes>: out[p] = x[p with its axis coordinate replaced by index[p]], for p over `shape`
// (index's shape):  position in x = positionOf(p, xBase) + index[positionOf(p, idx)]·axisStride.
// Only moves elements, so one kernel per element width serves every dtype. index_select is the same
// kernel with the 1-D index seen as a view of out's shape (stride 0 off the axis).
template <class W>
__device__ void gatherBody(const W* x, Strided xBase, int axisStride, const long long* index, Strided idx, W* out, Strided os, Shape shape) {
    JG_FOR_EACH(p, shape.numel) {
        int picked = (int) index[positionOf(p, shape, idx)];
        out[positionOf(p, shape, os)] = x[positionOf(p, shape, xBase) + picked * axisStride];
    }
}

#define JG_GATHER(W, BYTES) \
    extern "C" __global__ void gather_w##BYTES(const W* x, Strided xBase, int axisStride, const long long* index, Strided idx, \
            W* out, Strided os, Shape shape) { gatherBody<W>(x, xBase, axisStride, index, idx, out, os, shape); }
JG_GATHER(uint8_t, 1)
JG_GATHER(uint16_t, 2)
JG_GATHER(uint32_t, 4)
JG_GATHER(unsigned long long, 8)

// ---- scatter_add ------------------------------------------------------------------------------

// a + b stored as T, exactly as the CPU's "getDouble + getDouble" or "getLong + getLong" followed
// by a store of T: float32 and the half types round once (a float sum of two halves, rounded to the
// half type, is the correctly rounded double sum: float's 24 bits are at least twice a half type's
// 11 or 8 plus 2, which makes that double rounding innocuous), integers wrap, bool stores "sum != 0".
__device__ __forceinline__ __half addStored(__half a, __half b) { return __float2half_rn(__half2float(a) + __half2float(b)); }
__device__ __forceinline__ __nv_bfloat16 addStored(__nv_bfloat16 a, __nv_bfloat16 b) {
    return __float2bfloat16_rn(__bfloat162float(a) + __bfloat162float(b));
}
__device__ __forceinline__ float addStored(float a, float b) { return a + b; }
__device__ __forceinline__ double addStored(double a, double b) { return a + b; }
__device__ __forceinline__ int32_t addStored(int32_t a, int32_t b) { return (int32_t) ((uint32_t) a + (uint32_t) b); }
__device__ __forceinline__ long long addStored(long long a, long long b) { return (long long) ((unsigned long long) a + (unsigned long long) b); }
__device__ __forceinline__ jg_bool addStored(jg_bool a, jg_bool b) { return a | b; }

__device__ __forceinline__ void atomicAddTo(int32_t* p, int32_t v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomicAddTo(long long* p, long long v) { atomicAdd((unsigned long long*) p, (unsigned long long) v); }
__device__ __forceinline__ void atomicAddTo(float* p, float v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomicAddTo(double* p, double v) { atomicAdd(p, v); }

// scatter_add_atomic_<dtype>: dst[p with axis coordinate index[p]] += src[p] for p over `shape`
// (index's shape), with one atomicAdd per element. Integer sums are exact (wrapping addition is
// associative), but for float32 and float64 the order in which colliding indices add up is the
// hardware's, so the result may differ from run to run in the last bits: NONDETERMINISTIC.
// The host picks scatter_add_ordered when its cost is acceptable or determinism is asked for; the
// half types and bool have no atomic kernel (the host serves them beyond that cost).
template <class T>
__device__ void scatterAddAtomicBody(T* dst, Strided dstBase, int axisStride, const long long* index, Strided idx,
                                     const T* src, Strided ss, Shape shape) {
    JG_FOR_EACH(p, shape.numel) {
        int picked = (int) index[positionOf(p, shape, idx)];
        T* target = dst + positionOf(p, shape, dstBase) + picked * axisStride;
        T value = src[positionOf(p, shape, ss)];
        atomicAddTo(target, value);
    }
}

// scatter_add_ordered_<dtype>, deterministic: one thread per destination element d of `region`
// (index's shape, but with dst's extent on the axis). With t = d's axis coordinate, it walks the
// index along the axis, q = 0, 1, ..., count − 1 (count = index's extent there), and adds
// src[d with coordinate q] wherever index[d with coordinate q] = t. The CPU walks index in row-major
// order, which for one destination is ascending q: the same sums in the same order, the same bits.
// Costs region·count index reads instead of one per index element: the host bounds that.
template <class T>
__device__ void scatterAddOrderedBody(T* dst, Strided ds, const long long* index, Strided idxBase, int indexAxisStride,
                                      const T* src, Strided srcBase, int srcAxisStride, Shape region, int axis, int count) {
    int after = 1;  // elements of the region per step along the axis
    for (int d = axis + 1; d < region.rank; ++d) after *= region.dims[d];
    JG_FOR_EACH(p, region.numel) {
        long long t = p / after % region.dims[axis];
        int at = positionOf(p, region, ds);
        int firstIndex = positionOf(p, region, idxBase), firstSrc = positionOf(p, region, srcBase);
        T sum = dst[at];
        for (int q = 0; q < count; ++q)
            if (index[firstIndex + q * indexAxisStride] == t) sum = addStored(sum, src[firstSrc + q * srcAxisStride]);
        dst[at] = sum;
    }
}

#define JG_SCATTER_ORDERED(T, SUF) \
    extern "C" __global__ void scatter_add_ordered_##SUF(T* dst, Strided ds, const long long* index, Strided idxBase, int indexAxisStride, \
            const T* src, Strided srcBase, int srcAxisStride, Shape region, int axis, int count) { \
        scatterAddOrderedBody<T>(dst, ds, index, idxBase, indexAxisStride, src, srcBase, srcAxisStride, region, axis, count); }
JG_FOR_EACH_DTYPE(JG_SCATTER_ORDERED)

#define JG_SCATTER_ATOMIC(T, SUF) \
    extern "C" __global__ void scatter_add_atomic_##SUF(T* dst, Strided dstBase, int axisStride, const long long* index, Strided idx, \
            const T* src, Strided ss, Shape shape) { scatterAddAtomicBody<T>(dst, dstBase, axisStride, index, idx, src, ss, shape); }
JG_SCATTER_ATOMIC(int32_t, i32)
JG_SCATTER_ATOMIC(long long, i64)
JG_SCATTER_ATOMIC(float, f32)
JG_SCATTER_ATOMIC(double, f64)
