// Reductions over any set of axes, arg-reductions and softmax along one axis. The host splits
// x's axes into the kept ones (one output element, one block, per kept position) and the reduced
// ones (the block's threads stride over them), so any strided view is read in place. Float sums
// and softmax accumulate in double, like the CPU reference; integer sums in 64 bits.
#include "common.cuh"
#include <math_constants.h>

#define JG_REDUCE_THREADS 256

// Block-wide combination of one value per thread through shared memory; thread 0 gets the result.
template <class A, class Combine>
__device__ A blockReduce(A value, A* shared, Combine combine) {
    shared[threadIdx.x] = value;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) shared[threadIdx.x] = combine(shared[threadIdx.x], shared[threadIdx.x + half]);
        __syncthreads();
    }
    A result = shared[0];
    __syncthreads(); // the caller may reuse `shared`
    return result;
}

// Accumulator types: double for float dtypes, 64-bit integers otherwise.
template <class T> struct Accumulator { typedef long long type; };
template <> struct Accumulator<__half> { typedef double type; };
template <> struct Accumulator<__nv_bfloat16> { typedef double type; };
template <> struct Accumulator<float> { typedef double type; };
template <> struct Accumulator<double> { typedef double type; };

template <class A> __device__ __forceinline__ bool isNan(A v) { return v != v; }

struct SumOf { template <class A> __device__ A operator()(A a, A b) const { return a + b; } };
// max and min as the CPU's reduce (Math.max/Math.min over the double accumulator) and the
// elementwise maximum/minimum: NaN wins, +0 is the larger zero (jgMaximum/jgMinimum, common.cuh).
struct MaxOf { template <class A> __device__ A operator()(A a, A b) const { return jgMaximum(a, b); } };
struct MinOf { template <class A> __device__ A operator()(A a, A b) const { return jgMinimum(a, b); } };

template <class A> __device__ A lowest();
template <> __device__ double lowest<double>() { return -CUDART_INF; }
template <> __device__ long long lowest<long long>() { return (long long) 0x8000000000000000ULL; }
template <class A> __device__ A highest();
template <> __device__ double highest<double>() { return CUDART_INF; }
template <> __device__ long long highest<long long>() { return 0x7fffffffffffffffLL; }

// out[o] = combine over the reduced positions r of x[kept(o) + reduced(r)]; block o, threads over r.
template <class T, class O, class Combine>
__device__ void reduceBody(const T* x, Shape kept, Strided keptView, Shape reduced, Strided reducedView, O* out,
                           typename Accumulator<T>::type identity) {
    typedef typename Accumulator<T>::type A;
    __shared__ A shared[JG_REDUCE_THREADS];
    Combine combine;
    JG_STRIDE_LOOP(o, blockIdx.x, kept.numel, gridDim.x) {
        int base = positionOf(o, kept, keptView);
        A acc = identity;
        JG_STRIDE_LOOP(r, threadIdx.x, reduced.numel, blockDim.x)
            acc = combine(acc, (A) load(x, base + positionOf(r, reduced, reducedView)));
        A total = blockReduce(acc, shared, combine);
        if (threadIdx.x == 0) store(out, o, total);
    }
}

#define JG_REDUCE(NAME, COMBINE, IDENTITY, T, O, SUF) \
    extern "C" __global__ void reduce_##NAME##_##SUF(const T* x, Shape kept, Strided keptView, Shape reduced, Strided reducedView, O* out) { \
        reduceBody<T, O, COMBINE>(x, kept, keptView, reduced, reducedView, out, IDENTITY); }

// sum: integers (bool included) into int64, floats into their own dtype.
JG_REDUCE(sum, SumOf, 0, jg_bool, long long, b8)
JG_REDUCE(sum, SumOf, 0, int32_t, long long, i32)
JG_REDUCE(sum, SumOf, 0, long long, long long, i64)
JG_REDUCE(sum, SumOf, 0.0, __half, __half, f16)
JG_REDUCE(sum, SumOf, 0.0, __nv_bfloat16, __nv_bfloat16, bf16)
JG_REDUCE(sum, SumOf, 0.0, float, float, f32)
JG_REDUCE(sum, SumOf, 0.0, double, double, f64)
#define JG_REDUCE_EXTREMA(T, SUF) \
    JG_REDUCE(max, MaxOf, lowest<typename Accumulator<T>::type>(), T, T, SUF) \
    JG_REDUCE(min, MinOf, highest<typename Accumulator<T>::type>(), T, T, SUF)
JG_REDUCE_EXTREMA(int32_t, i32)
JG_REDUCE_EXTREMA(long long, i64)
JG_REDUCE_EXTREMA(__half, f16)
JG_REDUCE_EXTREMA(__nv_bfloat16, bf16)
JG_REDUCE_EXTREMA(float, f32)
JG_REDUCE_EXTREMA(double, f64)

// ---- argmax / argmin ---------------------------------------------------------------------------

// A candidate: its value and its index along the axis. NaN beats everything (it is both the
// maximum and the minimum); among equals the lower index wins, so the first extremum is found.
template <class A> struct Candidate { A value; long long index; };

template <bool MAX> struct BetterOf {
    template <class A> __device__ Candidate<A> operator()(Candidate<A> a, Candidate<A> b) const {
        if (a.index < 0) return b;
        if (b.index < 0) return a;
        bool aNan = isNan(a.value), bNan = isNan(b.value);
        if (aNan || bNan) return aNan && (!bNan || a.index < b.index) ? a : b;
        if (a.value == b.value) return a.index < b.index ? a : b;
        return (MAX ? a.value > b.value : a.value < b.value) ? a : b;
    }
};

// out[o] = the index along the reduced axis of the first maximum (minimum) of its line.
template <class T, bool MAX>
__device__ void argReduceBody(const T* x, Shape kept, Strided keptView, int length, int stride, long long* out) {
    typedef typename Accumulator<T>::type A;
    __shared__ Candidate<A> shared[JG_REDUCE_THREADS];
    BetterOf<MAX> better;
    JG_STRIDE_LOOP(o, blockIdx.x, kept.numel, gridDim.x) {
        int base = positionOf(o, kept, keptView);
        Candidate<A> best = {A(0), -1};
        JG_STRIDE_LOOP(j, threadIdx.x, length, blockDim.x) {
            Candidate<A> c = {(A) load(x, base + j * stride), j};
            best = better(best, c);
        }
        Candidate<A> winner = blockReduce(best, shared, better);
        if (threadIdx.x == 0) out[o] = winner.index;
    }
}

#define JG_ARG(T, SUF) \
    extern "C" __global__ void argmax_##SUF(const T* x, Shape kept, Strided keptView, int length, int stride, long long* out) { \
        argReduceBody<T, true>(x, kept, keptView, length, stride, out); } \
    extern "C" __global__ void argmin_##SUF(const T* x, Shape kept, Strided keptView, int length, int stride, long long* out) { \
        argReduceBody<T, false>(x, kept, keptView, length, stride, out); }
JG_ARG(int32_t, i32)
JG_ARG(long long, i64)
JG_ARG(__half, f16)
JG_ARG(__nv_bfloat16, bf16)
JG_ARG(float, f32)
JG_ARG(double, f64)

// ---- softmax / log_softmax ---------------------------------------------------------------------

// Along one axis of length n, with m the line's maximum (NaN if any is NaN), in double:
//   softmax_j = exp(x_j - m) / sum_k exp(x_k - m),   log_softmax_j = x_j - m - log sum_k exp(x_k - m).
// x is read through its view; out is contiguous with x's shape (outKept/outStride locate a line).
template <class T>
__device__ void softmaxBody(const T* x, Shape kept, Strided keptView, int length, int stride,
                            T* out, Strided outKeptView, int outStride, int logarithm) {
    __shared__ double shared[JG_REDUCE_THREADS];
    JG_STRIDE_LOOP(o, blockIdx.x, kept.numel, gridDim.x) {
        int base = positionOf(o, kept, keptView), outBase = positionOf(o, kept, outKeptView);
        double m = -CUDART_INF;
        JG_STRIDE_LOOP(j, threadIdx.x, length, blockDim.x) m = MaxOf()(m, (double) load(x, base + j * stride));
        m = blockReduce(m, shared, MaxOf());
        double sum = 0;
        JG_STRIDE_LOOP(j, threadIdx.x, length, blockDim.x) sum += exp((double) load(x, base + j * stride) - m);
        sum = blockReduce(sum, shared, SumOf());
        double logSum = log(sum);
        JG_STRIDE_LOOP(j, threadIdx.x, length, blockDim.x) {
            double shifted = (double) load(x, base + j * stride) - m;
            store(out, outBase + j * outStride, logarithm ? shifted - logSum : exp(shifted) / sum);
        }
    }
}

#define JG_SOFTMAX(T, SUF) \
    extern "C" __global__ void softmax_##SUF(const T* x, Shape kept, Strided keptView, int length, int stride, \
                                             T* out, Strided outKeptView, int outStride, int logarithm) { \
        softmaxBody<T>(x, kept, keptView, length, stride, out, outKeptView, outStride, logarithm); }
JG_SOFTMAX(__half, f16)
JG_SOFTMAX(__nv_bfloat16, bf16)
JG_SOFTMAX(float, f32)
JG_SOFTMAX(double, f64)
