// Fused optimizer updates: one kernel reads p, g and the state once and writes them once, where
// the composed reference (org.jgrad.tensor.OptimizerMath) launches about ten elementwise kernels.
// The results are bit-identical to the CPU's: every operation is one IEEE-rounded op, in the
// reference's order, written with the round-to-nearest intrinsics (__dadd_rn, __dmul_rn, ...),
// which nvcc and ptxas never contract into an FMA. A plain "a * b + c" may become fma(a, b, c),
// one rounding where Java (which never contracts) rounds twice. Operands are contiguous (the host
// checks; else it composes).
//
// Scalars: the host's doubles, combined in double exactly as OptimizerMath combines them in Java,
// then each rounded to T once (as the reference's scalar operands are, NDArray.mul(double)):
//   Adam   1 - beta1            __dsub_rn(1, beta1)
//          1 - beta2            __dsub_rn(1, beta2)
//          1 - lr * weightDecay __dsub_rn(1, __dmul_rn(lr, weightDecay))   (AdamW; the one scalar a
//                               compiler would contract: fma(-lr, weightDecay, 1) differs in the last
//                               bit for some lr, weightDecay, see FusedScalarRoundingTest)
//          sqrt(correction2)    __dsqrt_rn(correction2)
//          lr / correction1     __ddiv_rn(lr, correction1)
//   SGD    1 - dampening        __dsub_rn(1, dampening)
//   beta1, beta2, eps, weightDecay, lr, momentum: rounded to T as they are. The bias corrections
//   1 - beta^t come from the host (AdamStep), computed in Java.
// Per element, in T, each op rounded (add/mul/quo/root below), in OptimizerMath's order:
//   Adam   g = g + p*wd (Adam)  or  base = p*shrink (AdamW; else base = p)
//          m = m*b1 + g*(1-b1);  v = v*b2 + (g*g)*(1-b2)
//          p = base - (m / (sqrt(v)/sqrt(c2) + eps)) * (lr/c1)
//   SGD    d = g + p*wd;  buf = d (first step)  or  buf*mu + d*(1-dampening)
//          d = d + buf*mu (Nesterov)  or  buf;  p = p - d*lr
// (x - y is computed as x + (-y), which IEEE 754 defines to be the same.)
#include "common.cuh"

__device__ __forceinline__ float add(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ float mul(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ float quo(float a, float b) { return __fdiv_rn(a, b); }
__device__ __forceinline__ float root(float a) { return __fsqrt_rn(a); }
__device__ __forceinline__ double add(double a, double b) { return __dadd_rn(a, b); }
__device__ __forceinline__ double mul(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ double quo(double a, double b) { return __ddiv_rn(a, b); }
__device__ __forceinline__ double root(double a) { return __dsqrt_rn(a); }

// Adam / AdamW (see OptimizerMath.adam); the scalars as listed above.
template <class T>
__device__ void adamBody(T* p, const T* g, T* m, T* v, int n, double lr, double beta1, double beta2, double eps,
                         double weightDecay, int decoupled, double correction1, double correction2) {
    const T b1 = (T) beta1, oneMinusB1 = (T) __dsub_rn(1.0, beta1), b2 = (T) beta2, oneMinusB2 = (T) __dsub_rn(1.0, beta2);
    const T decay = (T) weightDecay, shrink = (T) __dsub_rn(1.0, __dmul_rn(lr, weightDecay));
    const T rootCorrection2 = (T) __dsqrt_rn(correction2), epsilon = (T) eps, stepSize = (T) __ddiv_rn(lr, correction1);
    JG_FOR_EACH(i, n) {
        T pi = p[i], gi = g[i], base = pi;
        if (weightDecay != 0) {
            if (decoupled) base = mul(pi, shrink);
            else gi = add(gi, mul(pi, decay));
        }
        T mi = add(mul(m[i], b1), mul(gi, oneMinusB1));
        T vi = add(mul(v[i], b2), mul(mul(gi, gi), oneMinusB2));
        T denominator = add(quo(root(vi), rootCorrection2), epsilon);
        m[i] = mi;
        v[i] = vi;
        p[i] = add(base, -mul(quo(mi, denominator), stepSize));
    }
}

// SGD with optional momentum buffer (see OptimizerMath.sgd); buf is unused when momentum == 0.
template <class T>
__device__ void sgdBody(T* p, const T* g, T* buf, int n, double lr, double momentum, double dampening, double weightDecay,
                        int nesterov, int firstStep) {
    const T mu = (T) momentum, keep = (T) __dsub_rn(1.0, dampening), decay = (T) weightDecay, rate = (T) lr;
    JG_FOR_EACH(i, n) {
        T pi = p[i], d = g[i];
        if (weightDecay != 0) d = add(d, mul(pi, decay));
        if (momentum != 0) {
            T b = firstStep ? d : add(mul(buf[i], mu), mul(d, keep));
            buf[i] = b;
            d = nesterov ? add(d, mul(b, mu)) : b;
        }
        p[i] = add(pi, -mul(d, rate));
    }
}

#define JG_OPTIM(T, SUF) \
    extern "C" __global__ void adam_update_##SUF(T* p, const T* g, T* m, T* v, int n, double lr, double beta1, double beta2, \
            double eps, double weightDecay, int decoupled, double correction1, double correction2) { \
        adamBody<T>(p, g, m, v, n, lr, beta1, beta2, eps, weightDecay, decoupled, correction1, correction2); } \
    extern "C" __global__ void sgd_update_##SUF(T* p, const T* g, T* buf, int n, double lr, double momentum, double dampening, \
            double weightDecay, int nesterov, int firstStep) { \
        sgdBody<T>(p, g, buf, n, lr, momentum, dampening, weightDecay, nesterov, firstStep); }
JG_OPTIM(float, f32)
JG_OPTIM(double, f64)
