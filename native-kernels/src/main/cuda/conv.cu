// The data-movement halves of conv2d as im2col + GEMM (matmul.cu and matmul_tc.cu do the
// arithmetic), on dense NCHW arrays (pointers to the first element). im2col exists for float32,
// float64 and the half types (float16, bfloat16: 16-bit patterns copied, so exact); col2im for
// float32 and float64 only, since summing columns already rounded to a half type would round twice
// (the host computes those input gradients in float32, org.jgrad.cuda.CudaConvolution).
// Definitions follow the CPU reference org.jgrad.tensor.cpu.conv.Conv2dKernels.
//
// The column buffer of a chunk of samples is (n, cIn, kH, kW, outH, outW) contiguous. Per sample b
// and group g it is the K × L matrix col_{b,g} (K = cInG·kH·kW rows (c, i, j), L = outH·outW
// columns (oh, ow)), at offset (b·groups + g)·K·L, so the GEMMs address it with plain strides:
//   forward       out_{b,g}  = W_g · col_{b,g}
//   input grad    col_{b,g}  = W_gᵀ · G_{b,g},   then gradX = col2im(col)
//   weight grad   dW_g      = Σ_b G_{b,g} · col_{b,g}ᵀ
// Flattened, the buffer is indexed by planes q = b·cIn + ci of the input: groups need no special
// case here.
#include "common.cuh"
#include "window.cuh"

// conv2d_im2col: col[q, i, j, oh, ow] = x[q, ih, iw] with ih = oh·strideH − padH + i·dilationH,
// iw = ow·strideW − padW + j·dilationW, and 0 where (ih, iw) is padding. One thread per column entry
// e = ((q·kH + i)·kW + j)·L + oh·outW + ow, e < planes·kH·kW·L.
template <class T>
__device__ void im2colBody(const T* x, T* col, Window2d win, int planes) {
    int outPlane = win.outH * win.outW;
    JG_FOR_EACH(e, planes * win.kH * win.kW * outPlane) {
        int ow = e % win.outW;
        int oh = e / win.outW % win.outH;
        int j = e / outPlane % win.kW;
        int i = e / outPlane / win.kW % win.kH;
        int q = e / outPlane / win.kW / win.kH;
        int ih = inputRead(oh, i, win.strideH, win.padH, win.dilationH, win.h);
        int iw = inputRead(ow, j, win.strideW, win.padW, win.dilationW, win.w);
        col[e] = ih >= 0 && iw >= 0 ? x[(q * win.h + ih) * win.w + iw] : T(0);
    }
}

// conv2d_col2im, the adjoint of im2col written as a gather (no atomics, deterministic):
//   gradX[q, ih, iw] = Σ_{i, j} col[q, i, j, oh(i), ow(j)]
// over the taps (i, j) for which an output position reads (ih, iw): oh(i) = (ih + padH − i·dilationH)/strideH
// when that is a whole number in [0, outH), likewise ow(j) (see outputReading). Taps are visited in the
// CPU scatter's order, i outer and j inner. One thread per input element e = (q·h + ih)·w + iw; overwrites gradX.
template <class T>
__device__ void col2imBody(const T* col, T* gradX, Window2d win, int planes) {
    int outPlane = win.outH * win.outW;
    JG_FOR_EACH(e, planes * win.h * win.w) {
        int iw = e % win.w;
        int ih = e / win.w % win.h;
        int q = e / win.w / win.h;
        T sum = T(0);
        for (int i = 0; i < win.kH; ++i) {
            int oh = outputReading(ih, i, win.strideH, win.padH, win.dilationH, win.outH);
            if (oh < 0) continue;
            for (int j = 0; j < win.kW; ++j) {
                int ow = outputReading(iw, j, win.strideW, win.padW, win.dilationW, win.outW);
                if (ow < 0) continue;
                sum += col[((q * win.kH + i) * win.kW + j) * outPlane + oh * win.outW + ow];
            }
        }
        gradX[e] = sum;
    }
}

#define JG_IM2COL(T, SUF) \
    extern "C" __global__ void conv2d_im2col_##SUF(const T* x, T* col, Window2d win, int planes) { im2colBody<T>(x, col, win, planes); }
#define JG_COL2IM(T, SUF) \
    extern "C" __global__ void conv2d_col2im_##SUF(const T* col, T* gradX, Window2d win, int planes) { col2imBody<T>(col, gradX, win, planes); }
JG_IM2COL(float, f32)
JG_IM2COL(double, f64)
// The half types as their bit patterns: a copy never converts, and the pattern 0 is +0 in both.
JG_IM2COL(unsigned short, f16)
JG_IM2COL(unsigned short, bf16)
JG_COL2IM(float, f32)
JG_COL2IM(double, f64)
