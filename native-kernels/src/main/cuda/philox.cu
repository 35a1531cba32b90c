// Philox4x32-10 draws on the device that reproduce org.jgrad.tensor.random.RandomStream element
// for element: element i of a draw at counter `offset` under key `seed` is a pure function of
// (seed, offset, i), so each thread computes its own. Uniforms and Bernoulli masks are bit-exact
// with the CPU; normals use the device's log/sin/cos in double and agree to a few ulp. The exact
// draws need no rounding intrinsics: each is one integer-to-float conversion (exact below 2^24 or
// 2^53) and one multiplication by a power of two (exact), and no addition follows that a compiler
// could contract with it into an FMA.
#include "common.cuh"

#define JG_M0 0xD2511F53u
#define JG_M1 0xCD9E8D57u
#define JG_W0 0x9E3779B9u
#define JG_W1 0xBB67AE85u

// B(ctr): the four output words of Philox4x32-10 for counter (lo, hi, 0, 0) and key (lo, hi) of seed.
__device__ uint4 philoxBlock(unsigned long long ctr, unsigned long long seed) {
    unsigned int c0 = (unsigned int) ctr, c1 = (unsigned int) (ctr >> 32), c2 = 0, c3 = 0;
    unsigned int k0 = (unsigned int) seed, k1 = (unsigned int) (seed >> 32);
    #pragma unroll
    for (int r = 0; r < 10; r++) {
        if (r > 0) { k0 += JG_W0; k1 += JG_W1; }
        unsigned int hi0 = __umulhi(JG_M0, c0), lo0 = JG_M0 * c0;
        unsigned int hi1 = __umulhi(JG_M1, c2), lo1 = JG_M1 * c2;
        unsigned int n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
        c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    }
    return make_uint4(c0, c1, c2, c3);
}

__device__ __forceinline__ unsigned int wordOf(uint4 b, int j) {
    return j == 0 ? b.x : j == 1 ? b.y : j == 2 ? b.z : b.w;
}

// (w >>> 8) * 2^-24 in [0, 1), exact in float.
__device__ __forceinline__ float uniformFloat(unsigned int w) { return (float) (w >> 8) * 0x1p-24f; }
// (v >>> 11) * 2^-53 in [0, 1), exact in double.
__device__ __forceinline__ double uniformDouble(unsigned long long v) { return (double) (v >> 11) * 0x1p-53; }
__device__ __forceinline__ unsigned long long pack(unsigned int hi, unsigned int lo) { return ((unsigned long long) hi << 32) | lo; }

// r = sqrt(-2 ln u1), t = 2 pi u2; r cos t for even elements, r sin t for odd ones.
__device__ __forceinline__ double boxMuller(double u1, double u2, bool even) {
    double r = sqrt(-2.0 * log(u1)), t = 6.283185307179586 * u2;
    return r * (even ? cos(t) : sin(t));
}

extern "C" __global__ void philox_uniform_f32(float* out, int n, unsigned long long seed, unsigned long long offset) {
    JG_FOR_EACH(i, n) out[i] = uniformFloat(wordOf(philoxBlock(offset + (i >> 2), seed), i & 3));
}

extern "C" __global__ void philox_uniform_f64(double* out, int n, unsigned long long seed, unsigned long long offset) {
    JG_FOR_EACH(i, n) {
        uint4 b = philoxBlock(offset + (i >> 1), seed);
        out[i] = uniformDouble((i & 1) == 0 ? pack(b.x, b.y) : pack(b.z, b.w));
    }
}

// Box-Muller on the word pair (2g, 2g+1) of block offset + i/4, g = (i % 4) / 2.
extern "C" __global__ void philox_normal_f32(float* out, int n, unsigned long long seed, unsigned long long offset) {
    JG_FOR_EACH(i, n) {
        uint4 b = philoxBlock(offset + (i >> 2), seed);
        int g = i & 2;
        double u1 = ((double) wordOf(b, g) + 1.0) * 0x1p-32, u2 = (double) wordOf(b, g + 1) * 0x1p-32;
        out[i] = (float) boxMuller(u1, u2, (i & 1) == 0);
    }
}

// Box-Muller on the whole block offset + i/2: u1 from words 0-1, u2 from words 2-3.
extern "C" __global__ void philox_normal_f64(double* out, int n, unsigned long long seed, unsigned long long offset) {
    JG_FOR_EACH(i, n) {
        uint4 b = philoxBlock(offset + (i >> 1), seed);
        double u1 = (double) ((pack(b.x, b.y) >> 11) + 1) * 0x1p-53, u2 = uniformDouble(pack(b.z, b.w));
        out[i] = boxMuller(u1, u2, (i & 1) == 0);
    }
}

// 1 where uniformFloat(i) < p (the float compared with the double p), else 0.
extern "C" __global__ void philox_bernoulli_f32(float* out, int n, unsigned long long seed, unsigned long long offset, double p) {
    JG_FOR_EACH(i, n) out[i] = (double) uniformFloat(wordOf(philoxBlock(offset + (i >> 2), seed), i & 3)) < p ? 1.0f : 0.0f;
}
