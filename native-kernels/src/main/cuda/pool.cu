// 2-D max and average pooling, forward and backward, on dense NCHW arrays (pointers to the first
// element), float16, bfloat16, float32 and float64. The definitions and the order of every sum are
// those of the CPU reference org.jgrad.tensor.cpu.conv.Pool2dKernels, which computes in float64 and
// rounds once; these kernels do the same, so their results are the CPU's bits. (Only additions
// and divisions: no product feeds a sum, so there is nothing a compiler could contract into an FMA.)
//
// A plane q = b·C + c of the input is h × w; of the output outH × outW. V(oh, ow) is the window's
// in-image taps in scan order (i outer, j inner; see Window2d). The forward kernels run one thread
// per output element over V(o); the backward kernels are gathers, one thread per input element
// over the outputs whose window holds it (no atomics, deterministic).
#include <math.h>
#include "common.cuh"
#include "window.cuh"

// Calls visit(ih, iw) for the taps of V(oh, ow), in scan order.
template <class Visit>
__device__ __forceinline__ void forEachTap(int oh, int ow, const Window2d& win, Visit visit) {
    for (int i = 0; i < win.kH; ++i) {
        int ih = inputRead(oh, i, win.strideH, win.padH, win.dilationH, win.h);
        if (ih < 0) continue;
        for (int j = 0; j < win.kW; ++j) {
            int iw = inputRead(ow, j, win.strideW, win.padW, win.dilationW, win.w);
            if (iw >= 0) visit(ih, iw);
        }
    }
}

// Calls visit(oh, ow) for the outputs whose window holds input (ih, iw), in ascending (oh, ow) order,
// the order in which the CPU's scatter adds them: tap i reads (ih, ·) for output row
// oh(i) = outputReading(ih, i, ...), which grows as i falls, so taps are visited from the last down.
template <class Visit>
__device__ __forceinline__ void forEachWindowHolding(int ih, int iw, const Window2d& win, Visit visit) {
    for (int i = win.kH - 1; i >= 0; --i) {
        int oh = outputReading(ih, i, win.strideH, win.padH, win.dilationH, win.outH);
        if (oh < 0) continue;
        for (int j = win.kW - 1; j >= 0; --j) {
            int ow = outputReading(iw, j, win.strideW, win.padW, win.dilationW, win.outW);
            if (ow >= 0) visit(oh, ow);
        }
    }
}

// Along one axis, how many taps of output o fall inside the image.
__device__ __forceinline__ int tapsInside(int o, int taps, int stride, int pad, int dilation, int inSize) {
    int count = 0;
    for (int t = 0; t < taps; ++t) count += inputRead(o, t, stride, pad, dilation, inSize) >= 0;
    return count;
}

// Along one axis, how many taps of output o fall inside the padded input [−pad, inSize + pad):
// all of them in floor mode; fewer for a ceil-mode window that runs past the right padding
// (org.jgrad.tensor.Pool2dParams.tapsInsidePadding, PyTorch's pool_size).
__device__ __forceinline__ int tapsInsidePadding(int o, int taps, int stride, int pad, int inSize) {
    int start = o * stride - pad, end = start + taps;
    return (end < inSize + pad ? end : inSize + pad) - start;
}

// The divisor d(o) of the average at output (oh, ow): the taps inside the padded input when
// countIncludePad (kH·kW in floor mode), else |V(o)|.
__device__ __forceinline__ int averageDivisor(int oh, int ow, const Window2d& win, int countIncludePad) {
    if (countIncludePad)
        return tapsInsidePadding(oh, win.kH, win.strideH, win.padH, win.h)
             * tapsInsidePadding(ow, win.kW, win.strideW, win.padW, win.w);
    return tapsInside(oh, win.kH, win.strideH, win.padH, win.dilationH, win.h)
         * tapsInside(ow, win.kW, win.strideW, win.padW, win.dilationW, win.w);
}

// max_pool2d: out[q, o] = max_{(ih, iw) ∈ V(o)} x[q, ih, iw] and indices[q, o] = ih·w + iw of it. The
// first maximum wins a tie; a NaN is larger than everything and the last of several NaNs wins
// (the CPU's "v > max || v != v" test); an empty window (possible with dilation) gives −∞ and −1.
// One thread per output element e = q·outH·outW + oh·outW + ow.
template <class T>
__device__ void maxPoolBody(const T* x, T* out, long long* indices, Window2d win, int planes) {
    int outPlane = win.outH * win.outW;
    JG_FOR_EACH(e, planes * outPlane) {
        const T* plane = x + e / outPlane * (win.h * win.w);
        double best = -INFINITY;
        int bestAt = -1;
        forEachTap(e / win.outW % win.outH, e % win.outW, win, [&](int ih, int iw) {
            int at = ih * win.w + iw;
            double v = load(plane, at);
            if (bestAt < 0) bestAt = at;  // the CPU starts from the first in-image tap
            if (v > best || v != v) { best = v; bestAt = at; }
        });
        store(out, e, best);
        indices[e] = bestAt;
    }
}

// max_pool2d_backward: gradX[q, ih, iw] = Σ gradOut[q, o] over the outputs o whose window holds
// (ih, iw) and whose recorded maximum is it (indices[q, o] = ih·w + iw), summed in float64 in
// ascending o. Indices are those max_pool2d wrote (−1 matches nothing). One thread per input element.
template <class T>
__device__ void maxPoolBackwardBody(const T* gradOut, const long long* indices, T* gradX, Window2d win, int planes) {
    int inPlane = win.h * win.w, outPlane = win.outH * win.outW;
    JG_FOR_EACH(e, planes * inPlane) {
        int first = e / inPlane * outPlane;  // the plane's first output
        long long self = e % inPlane;        // = ih·w + iw
        double sum = 0.0;
        forEachWindowHolding(e / win.w % win.h, e % win.w, win, [&](int oh, int ow) {
            int o = first + oh * win.outW + ow;
            if (indices[o] == self) sum += load(gradOut, o);
        });
        store(gradX, e, sum);
    }
}

// avg_pool2d: out[q, o] = (Σ_{(ih, iw) ∈ V(o)} x[q, ih, iw]) / d(o), summed in float64 in scan order.
// The host sends only dilation 1 (as the CPU, which rejects any other). One thread per output element.
template <class T>
__device__ void avgPoolBody(const T* x, T* out, Window2d win, int countIncludePad, int planes) {
    int outPlane = win.outH * win.outW;
    JG_FOR_EACH(e, planes * outPlane) {
        int ow = e % win.outW, oh = e / win.outW % win.outH;
        const T* plane = x + e / outPlane * (win.h * win.w);
        double sum = 0.0;
        forEachTap(oh, ow, win, [&](int ih, int iw) { sum += load(plane, ih * win.w + iw); });
        store(out, e, sum / averageDivisor(oh, ow, win, countIncludePad));
    }
}

// avg_pool2d_backward, the adjoint: gradX[q, ih, iw] = Σ_{o : (ih, iw) ∈ V(o)} gradOut[q, o] / d(o),
// each term divided in float64 and summed in ascending o. One thread per input element.
template <class T>
__device__ void avgPoolBackwardBody(const T* gradOut, T* gradX, Window2d win, int countIncludePad, int planes) {
    int inPlane = win.h * win.w, outPlane = win.outH * win.outW;
    JG_FOR_EACH(e, planes * inPlane) {
        int first = e / inPlane * outPlane;
        double sum = 0.0;
        forEachWindowHolding(e / win.w % win.h, e % win.w, win, [&](int oh, int ow) {
            double term = load(gradOut, first + oh * win.outW + ow);
            sum += term / averageDivisor(oh, ow, win, countIncludePad);
        });
        store(gradX, e, sum);
    }
}

#define JG_POOL(T, SUF) \
    extern "C" __global__ void max_pool2d_##SUF(const T* x, T* out, long long* indices, Window2d win, int planes) { \
        maxPoolBody<T>(x, out, indices, win, planes); } \
    extern "C" __global__ void max_pool2d_backward_##SUF(const T* gradOut, const long long* indices, T* gradX, Window2d win, int planes) { \
        maxPoolBackwardBody<T>(gradOut, indices, gradX, win, planes); } \
    extern "C" __global__ void avg_pool2d_##SUF(const T* x, T* out, Window2d win, int countIncludePad, int planes) { \
        avgPoolBody<T>(x, out, win, countIncludePad, planes); } \
    extern "C" __global__ void avg_pool2d_backward_##SUF(const T* gradOut, T* gradX, Window2d win, int countIncludePad, int planes) { \
        avgPoolBackwardBody<T>(gradOut, gradX, win, countIncludePad, planes); }
JG_POOL(__half, f16)
JG_POOL(__nv_bfloat16, bf16)
JG_POOL(float, f32)
JG_POOL(double, f64)
