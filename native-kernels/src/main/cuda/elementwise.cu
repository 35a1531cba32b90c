// Elementwise kernels: unary math, binary arithmetic and comparisons with broadcasting, and
// where(cond, a, b). Operands are arbitrary strided views (stride 0 on broadcast axes) read in
// place, never materialized; the output is contiguous. The host converts operands to the compute
// dtype first, so each kernel sees one input dtype. Definitions mirror org.jgrad.tensor.UnaryOp
// and BinaryOp (the CPU reference), whose Javadoc is the specification. Special values, as PyTorch:
//   pow       C's pow (C99 Annex F, torch.pow): pow(a, +-0) = 1 and pow(+1, b) = 1 for every a and b,
//             NaN included; pow(-1, +-inf) = 1; otherwise NaN in, NaN out, and the C/IEEE rules for
//             +-0 and +-inf (the same as Java's Math.pow everywhere else). The first three cases are
//             written out below rather than left to the math library.
//   maximum   IEEE 754-2019 maximum / minimum (jgMaximum / jgMinimum in common.cuh): NaN if either
//   minimum   operand is NaN; -0 < +0, so maximum(-0, +0) = +0 and minimum(-0, +0) = -0.
//   relu      NaN stays NaN.
// The half types compute in float: these rules hold for them too.
#include "common.cuh"

// ---- unary ------------------------------------------------------------------------------------

struct Neg        { template <class C> __device__ C operator()(C x) const { return -x; } };
struct Abs        { template <class C> __device__ C operator()(C x) const { return x < C(0) ? -x : x; } };
struct Exp        { template <class C> __device__ C operator()(C x) const { return exp(x); } };
struct Log        { template <class C> __device__ C operator()(C x) const { return log(x); } };
struct Sqrt       { template <class C> __device__ C operator()(C x) const { return sqrt(x); } };
struct Rsqrt      { template <class C> __device__ C operator()(C x) const { return C(1) / sqrt(x); } };
struct Sin        { template <class C> __device__ C operator()(C x) const { return sin(x); } };
struct Cos        { template <class C> __device__ C operator()(C x) const { return cos(x); } };
struct Tanh       { template <class C> __device__ C operator()(C x) const { return tanh(x); } };
// sigma(x) = 1 / (1 + e^-x), written so that e^x never overflows.
struct Sigmoid {
    template <class C> __device__ C operator()(C x) const {
        if (x >= C(0)) return C(1) / (C(1) + exp(-x));
        C e = exp(x);
        return e / (C(1) + e);
    }
};
struct Relu       { template <class C> __device__ C operator()(C x) const { return x > C(0) || x != x ? x : C(0); } };
// GELU, exact: x * Phi(x) = x/2 * (1 + erf(x / sqrt 2)).
struct Gelu       { template <class C> __device__ C operator()(C x) const { return C(0.5) * x * (C(1) + erf(x * C(0.70710678118654752440))); } };
struct Silu       { template <class C> __device__ C operator()(C x) const { return x * Sigmoid()(x); } };
struct Sign       { template <class C> __device__ C operator()(C x) const { return x != x ? x : C((x > C(0)) - (x < C(0))); } };
struct Reciprocal { template <class C> __device__ C operator()(C x) const { return C(1) / x; } };

// tour:begin unary
template <class T, class Op>
__device__ void unaryBody(const T* x, Strided xs, T* out, Shape shape) {
    Op op;
    JG_FOR_EACH(i, shape.numel) {
        store(out, i, op(load(x, positionOf(i, shape, xs))));
    }
}

#define JG_UNARY(NAME, OP, T, SUF) \
    extern "C" __global__ void unary_##NAME##_##SUF(const T* x, Strided xs, T* out, Shape shape) { \
        unaryBody<T, OP>(x, xs, out, shape); }
// tour:end unary
#define JG_UNARY_FLOATING(NAME, OP) JG_UNARY(NAME, OP, __half, f16) JG_UNARY(NAME, OP, __nv_bfloat16, bf16) \
    JG_UNARY(NAME, OP, float, f32) JG_UNARY(NAME, OP, double, f64)
#define JG_UNARY_ALL(NAME, OP) JG_UNARY_FLOATING(NAME, OP) JG_UNARY(NAME, OP, int32_t, i32) JG_UNARY(NAME, OP, long long, i64)

JG_UNARY_ALL(neg, Neg)
JG_UNARY_ALL(abs, Abs)
JG_UNARY_FLOATING(exp, Exp)
JG_UNARY_FLOATING(log, Log)
JG_UNARY_FLOATING(sqrt, Sqrt)
JG_UNARY_FLOATING(rsqrt, Rsqrt)
JG_UNARY_FLOATING(sin, Sin)
JG_UNARY_FLOATING(cos, Cos)
JG_UNARY_FLOATING(tanh, Tanh)
JG_UNARY_FLOATING(sigmoid, Sigmoid)
JG_UNARY_ALL(relu, Relu)
JG_UNARY_FLOATING(gelu, Gelu)
JG_UNARY_FLOATING(silu, Silu)
JG_UNARY_ALL(sign, Sign)
JG_UNARY_FLOATING(reciprocal, Reciprocal)

// ---- binary -----------------------------------------------------------------------------------

struct Add { template <class C> __device__ C operator()(C a, C b) const { return a + b; } };
struct Sub { template <class C> __device__ C operator()(C a, C b) const { return a - b; } };
struct Mul { template <class C> __device__ C operator()(C a, C b) const { return a * b; } };
struct Div { template <class C> __device__ C operator()(C a, C b) const { return a / b; } };
struct Pow {
    template <class C> __device__ C operator()(C a, C b) const {
        if (b == C(0) || a == C(1) || (a == C(-1) && isinf(b))) return C(1);
        return pow(a, b);
    }
};
struct Maximum { template <class C> __device__ C operator()(C a, C b) const { return jgMaximum(a, b); } };
struct Minimum { template <class C> __device__ C operator()(C a, C b) const { return jgMinimum(a, b); } };
struct Eq { template <class C> __device__ bool operator()(C a, C b) const { return a == b; } };
struct Ne { template <class C> __device__ bool operator()(C a, C b) const { return a != b; } };
struct Lt { template <class C> __device__ bool operator()(C a, C b) const { return a < b; } };
struct Le { template <class C> __device__ bool operator()(C a, C b) const { return a <= b; } };
struct Gt { template <class C> __device__ bool operator()(C a, C b) const { return a > b; } };
struct Ge { template <class C> __device__ bool operator()(C a, C b) const { return a >= b; } };

template <class T, class Out, class Op>
__device__ void binaryBody(const T* a, Strided as, const T* b, Strided bs, Out* out, Shape shape) {
    Op op;
    JG_FOR_EACH(i, shape.numel) {
        store(out, i, op(load(a, positionOf(i, shape, as)), load(b, positionOf(i, shape, bs))));
    }
}

#define JG_BINARY(NAME, OP, T, OUT, SUF) \
    extern "C" __global__ void binary_##NAME##_##SUF(const T* a, Strided as, const T* b, Strided bs, OUT* out, Shape shape) { \
        binaryBody<T, OUT, OP>(a, as, b, bs, out, shape); }
// Arithmetic: the output has the compute dtype. Integer pow goes through the CPU (its negative
// exponents are an error there), so pow is floating only.
#define JG_ARITHMETIC_FLOATING(NAME, OP) \
    JG_BINARY(NAME, OP, __half, __half, f16) JG_BINARY(NAME, OP, __nv_bfloat16, __nv_bfloat16, bf16) \
    JG_BINARY(NAME, OP, float, float, f32) JG_BINARY(NAME, OP, double, double, f64)
#define JG_ARITHMETIC(NAME, OP) JG_ARITHMETIC_FLOATING(NAME, OP) \
    JG_BINARY(NAME, OP, int32_t, int32_t, i32) JG_BINARY(NAME, OP, long long, long long, i64)
// Comparisons: the output is bool, for every compute dtype.
#define JG_COMPARISON(NAME, OP) \
    JG_BINARY(NAME, OP, __half, jg_bool, f16) JG_BINARY(NAME, OP, __nv_bfloat16, jg_bool, bf16) \
    JG_BINARY(NAME, OP, float, jg_bool, f32) JG_BINARY(NAME, OP, double, jg_bool, f64) \
    JG_BINARY(NAME, OP, int32_t, jg_bool, i32) JG_BINARY(NAME, OP, long long, jg_bool, i64) JG_BINARY(NAME, OP, jg_bool, jg_bool, b8)

JG_ARITHMETIC(add, Add)
JG_ARITHMETIC(sub, Sub)
JG_ARITHMETIC(mul, Mul)
JG_ARITHMETIC_FLOATING(div, Div)
JG_ARITHMETIC_FLOATING(pow, Pow)
JG_ARITHMETIC(maximum, Maximum)
JG_ARITHMETIC(minimum, Minimum)
JG_COMPARISON(eq, Eq)
JG_COMPARISON(ne, Ne)
JG_COMPARISON(lt, Lt)
JG_COMPARISON(le, Le)
JG_COMPARISON(gt, Gt)
JG_COMPARISON(ge, Ge)

// ---- where ------------------------------------------------------------------------------------

// out = cond ? a : b. Only moves elements, so one kernel per element width serves every dtype.
template <class W>
__device__ void whereBody(const jg_bool* cond, Strided cs, const W* a, Strided as, const W* b, Strided bs, W* out, Shape shape) {
    JG_FOR_EACH(i, shape.numel) {
        out[i] = cond[positionOf(i, shape, cs)] ? a[positionOf(i, shape, as)] : b[positionOf(i, shape, bs)];
    }
}

#define JG_WHERE(W, BYTES) \
    extern "C" __global__ void where_w##BYTES(const jg_bool* cond, Strided cs, const W* a, Strided as, const W* b, Strided bs, W* out, Shape shape) { \
        whereBody<W>(cond, cs, a, as, b, bs, out, shape); }
JG_WHERE(uint8_t, 1)
JG_WHERE(uint16_t, 2)
JG_WHERE(uint32_t, 4)
JG_WHERE(unsigned long long, 8)
