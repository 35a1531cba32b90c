// Copying with conversion between any two dtypes, either side an arbitrary strided view, and
// filling a strided view with one value. Conversions follow the CPU backend: float to integer
// truncates toward zero, anything to bool is "!= 0", the half types round to nearest even.
#include "common.cuh"

template <class S, class D>
__device__ void copyBody(const S* src, Strided from, D* dst, Strided to, Shape shape) {
    JG_FOR_EACH(i, shape.numel) {
        store(dst, positionOf(i, shape, to), load(src, positionOf(i, shape, from)));
    }
}

template <class D>
__device__ void fillBody(D* dst, Strided to, Shape shape, double value) {
    JG_FOR_EACH(i, shape.numel) {
        store(dst, positionOf(i, shape, to), value);
    }
}

// copy_<src>_<dst>: 49 kernels, one per pair of dtypes.
#define JG_COPY(S, SS, D, DS) \
    extern "C" __global__ void copy_##SS##_##DS(const S* src, Strided from, D* dst, Strided to, Shape shape) { \
        copyBody<S, D>(src, from, dst, to, shape); }
#define JG_COPY_FROM(S, SS) \
    JG_COPY(S, SS, jg_bool, b8) JG_COPY(S, SS, int32_t, i32) JG_COPY(S, SS, long long, i64) \
    JG_COPY(S, SS, __half, f16) JG_COPY(S, SS, __nv_bfloat16, bf16) JG_COPY(S, SS, float, f32) JG_COPY(S, SS, double, f64)
JG_FOR_EACH_DTYPE(JG_COPY_FROM)

#define JG_FILL(D, DS) \
    extern "C" __global__ void fill_##DS(D* dst, Strided to, Shape shape, double value) { fillBody<D>(dst, to, shape, value); }
JG_FOR_EACH_DTYPE(JG_FILL)
