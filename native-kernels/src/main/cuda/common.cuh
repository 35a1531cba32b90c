// Shared definitions of jgrad's CUDA kernels: how an n-dimensional strided view is described,
// how a linear element index maps to a storage position, and the per-dtype load/store rules.
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <stdint.h>

// Ranks above this are collapsed by the host (adjacent axes merged) or served by the CPU fallback.
#define JG_MAX_RANK 8

// tour:begin structs
// The logical shape all operands of a launch share (after broadcasting).
// Passed by value; the host packs it as int[2 + JG_MAX_RANK].
struct Shape {
    int rank;
    int numel;
    int dims[JG_MAX_RANK];
};

// Where one operand's elements lie in its storage: element (i0, ..., ik) is at
// offset + sum_d i_d * strides[d]  (strides in elements; 0 on broadcast axes).
// Passed by value; the host packs it as int[1 + JG_MAX_RANK].
struct Strided {
    int offset;
    int strides[JG_MAX_RANK];
};

// The storage position of the element with row-major linear index `linear` under `shape`.
__device__ __forceinline__ int positionOf(int linear, const Shape& shape, const Strided& view) {
    int position = view.offset;
    #pragma unroll
    for (int d = JG_MAX_RANK - 1; d >= 0; --d) {
        if (d < shape.rank) {
            int extent = shape.dims[d];
            int coordinate = linear % extent;
            linear /= extent;
            position += coordinate * view.strides[d];
        }
    }
    return position;
}
// tour:end structs

// Strided loops over [first, n) in steps of `step`, for any n up to 2^31 - 1 (the largest element
// count an NDArray, a Shape or an int kernel argument holds). The counter is 64-bit: in int, the
// step past the last element, i + step, exceeds 2^31 - 1 whenever i > 2^31 - 1 - step, which for a
// grid-stride step of 256 threads x 32 blocks per SM happens for every n above about 2^31 - 2^20
// (a 4 GiB float16 array on an 80 GB card); it wraps to a negative i that still compares below n
// and the loop runs on at a negative index. The body sees i as an int, exact because i < n < 2^31,
// so the index arithmetic inside stays 32-bit: positions (positionOf, offset + coordinate·stride)
// address one storage, which the host allocates with at most 2^31 - 1 elements, and every
// intermediate of their sums of non-negative terms is at most the final position.
#define JG_STRIDE_LOOP(i, first, n, step) \
    for (long long jg_counter_##i = (first); jg_counter_##i < (long long) (n); jg_counter_##i += (step)) \
        if (int i = (int) jg_counter_##i; true)

// Grid-stride loop over [0, n): every launch uses it, so any grid size covers any n.
#define JG_FOR_EACH(i, n) \
    JG_STRIDE_LOOP(i, (long long) blockIdx.x * blockDim.x + threadIdx.x, n, (long long) blockDim.x * gridDim.x)

// maximum and minimum as IEEE 754-2019 defines them, the one definition of org.jgrad.tensor.BinaryOp
// MAXIMUM / MINIMUM that elementwise.cu and reduce.cu (max, min) share: NaN if either operand is
// NaN, and -0 counts as less than +0, so jgMaximum(-0, +0) = +0 and jgMinimum(-0, +0) = -0 in either
// order. Integers have one zero: equal operands are then the same value.
__device__ __forceinline__ bool signOf(float v) { return signbit(v); }
__device__ __forceinline__ bool signOf(double v) { return signbit(v); }
template <class C> __device__ __forceinline__ bool signOf(C v) { return v < C(0); }
template <class C> __device__ __forceinline__ C jgMaximum(C a, C b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return signOf(a) ? b : a;  // equal: they differ at most in the sign of zero, and +0 wins
    return a > b ? a : b;
}
template <class C> __device__ __forceinline__ C jgMinimum(C a, C b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return signOf(a) ? a : b;  // -0 wins
    return a < b ? a : b;
}

// The half types are stored in 16 bits, float16 as __half and bfloat16 as __nv_bfloat16, and
// computed in float, like the CPU backend (one rounding per op). Stores round to nearest even,
// from float or directly from double (integers pass through double, exactly below 2^53): never
// through float first, which would round twice where the CPU's stores round once. The conversions
// are instructions from sm_80 (bfloat16 from float) or sm_90 (bfloat16 from double); cuda_bf16.h
// emulates them in software on older architectures, so sm_75 needs no guard.
template <class T> struct Compute { typedef T type; };
template <> struct Compute<__half> { typedef float type; };
template <> struct Compute<__nv_bfloat16> { typedef float type; };

template <class T> __device__ __forceinline__ typename Compute<T>::type load(const T* p, int i) { return p[i]; }
template <> __device__ __forceinline__ float load<__half>(const __half* p, int i) { return __half2float(p[i]); }
template <> __device__ __forceinline__ float load<__nv_bfloat16>(const __nv_bfloat16* p, int i) { return __bfloat162float(p[i]); }

template <class T, class V> __device__ __forceinline__ void store(T* p, int i, V v) { p[i] = (T) v; }
__device__ __forceinline__ void store(__half* p, int i, float v) { p[i] = __float2half_rn(v); }
template <class V> __device__ __forceinline__ void store(__half* p, int i, V v) { p[i] = __double2half((double) v); }
__device__ __forceinline__ void store(__nv_bfloat16* p, int i, float v) { p[i] = __float2bfloat16_rn(v); }
template <class V> __device__ __forceinline__ void store(__nv_bfloat16* p, int i, V v) { p[i] = __double2bfloat16((double) v); }

// bool is one byte holding 0 or 1; any non-zero value (NaN included) stores 1.
typedef uint8_t jg_bool;
template <class V> __device__ __forceinline__ void store(jg_bool* p, int i, V v) { p[i] = v != V(0) ? 1 : 0; }

// The dtype suffixes of kernel names, as org.jgrad.cuda.KernelNames spells them.
#define JG_FOR_EACH_DTYPE(X) X(jg_bool, b8) X(int32_t, i32) X(long long, i64) X(__half, f16) X(__nv_bfloat16, bf16) X(float, f32) X(double, f64)
