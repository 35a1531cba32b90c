// Fused optimizer updates: one kernel reads p, g and the state once and writes them once, where
// the composed reference (org.jgrad.tensor.OptimizerMath) launches about ten elementwise kernels.
// Every operation is one IEEE-rounded op in the parameter's dtype, in the reference's order, with
// explicit round-to-nearest intrinsics so nvcc cannot contract them into FMAs: the results are
// bit-identical to the CPU's. Operands are contiguous (the host checks; else it composes).
#include "common.cuh"

__device__ __forceinline__ float add(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ float mul(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ float quo(float a, float b) { return __fdiv_rn(a, b); }
__device__ __forceinline__ float root(float a) { return __fsqrt_rn(a); }
__device__ __forceinline__ double add(double a, double b) { return __dadd_rn(a, b); }
__device__ __forceinline__ double mul(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ double quo(double a, double b) { return __ddiv_rn(a, b); }
__device__ __forceinline__ double root(double a) { return __dsqrt_rn(a); }

// Adam / AdamW (see OptimizerMath.adam); the scalars arrive in double and are rounded to T once,
// as the reference's scalar operands are.
template <class T>
__device__ void adamBody(T* p, const T* g, T* m, T* v, int n, double lr, double beta1, double beta2, double eps,
                         double weightDecay, int decoupled, double correction1, double correction2) {
    const T b1 = (T) beta1, oneMinusB1 = (T) (1 - beta1), b2 = (T) beta2, oneMinusB2 = (T) (1 - beta2);
    const T decay = (T) weightDecay, shrink = (T) (1 - lr * weightDecay);
    const T rootCorrection2 = (T) sqrt(correction2), epsilon = (T) eps, stepSize = (T) (lr / correction1);
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
    const T mu = (T) momentum, keep = (T) (1 - dampening), decay = (T) weightDecay, rate = (T) lr;
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
