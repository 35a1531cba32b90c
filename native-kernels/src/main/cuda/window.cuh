// The sliding window shared by 2-D convolution (conv.cu) and pooling (pool.cu) on NCHW planes,
// and its inverse: which output position reads a given input position through a given tap.
#pragma once

// Output position (oh, ow) reads the input rows    ih = oh·strideH − padH + i·dilationH, 0 ≤ i < kH,
//                               and the columns    iw = ow·strideW − padW + j·dilationW, 0 ≤ j < kW;
// positions outside [0, h) × [0, w) are padding. Passed by value; the host packs it as int[12] in
// this order (org.jgrad.cuda.SlidingWindow).
struct Window2d {
    int h, w;              // input plane
    int outH, outW;        // output plane
    int kH, kW;            // taps
    int strideH, strideW;
    int padH, padW;
    int dilationH, dilationW;
};

// Along one axis: the output index o whose tap t reads input index x, i.e. the o with
// o·stride − pad + t·dilation = x, or −1 when that o is not a whole number in [0, outSize).
__device__ __forceinline__ int outputReading(int x, int t, int stride, int pad, int dilation, int outSize) {
    int shifted = x + pad - t * dilation;  // = o·stride
    if (shifted < 0 || shifted % stride != 0) return -1;
    int o = shifted / stride;
    return o < outSize ? o : -1;
}

// Along one axis: the input index read by tap t of output o, or −1 in the padding.
__device__ __forceinline__ int inputRead(int o, int t, int stride, int pad, int dilation, int inSize) {
    int x = o * stride - pad + t * dilation;
    return x >= 0 && x < inSize ? x : -1;
}
