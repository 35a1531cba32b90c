// The CUDA C++ of jgrad's kernels, for the host compiler: force-included (g++ -include) before
// native-kernels/src/main/cuda/*.cu when build-emulator.sh compiles the same sources for the
// emulated device. The CUDA headers' host code supplies __half, __nv_bfloat16 and their
// conversions, uint4 and the math constants; this header supplies what only a GPU has:
//
//   threadIdx, blockIdx, blockDim, gridDim   the running thread's coordinates (set by the scheduler
//                                            at every switch between the block's fibers)
//   __shared__                               one static instance per variable (build-emulator.sh
//                                            lists them; the scheduler poisons them before every block)
//   __syncthreads()                          a barrier of the block's fibers (scheduler.cpp)
//   atomicAdd                                read-modify-write between two scheduling points, so
//                                            other fibers' accesses interleave around it
//   __trap()                                 ends the launch with CUDA_ERROR_LAUNCH_FAILED
//   __fadd_rn ...                            one IEEE rounding each, never contracted into an FMA
//   jg_emu_mma_m16n8k16_{f16,bf16}           mma.sync's warp-collective product (mma.cpp)
//
// Everything the scheduler implements is reached through the C functions declared here and
// defined in the stand-in driver library (libcuda.so.1), which the kernel library links against.
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <math.h>
#include <math_constants.h>
#include <stdint.h>
#include <string.h>
#include <vector_types.h>
#include <vector_functions.h>
#include <cmath>

#ifndef JG_EMULATED
#define JG_EMULATED 1
#endif

// ---- the running thread -------------------------------------------------------------------------

#include "jg_emulated_abi.h"

#define threadIdx (jg_emu_current->threadIdx)
#define blockIdx (jg_emu_current->blockIdx)
#define blockDim (jg_emu_current->blockDim)
#define gridDim (jg_emu_current->gridDim)
#define warpSize 32

// The CUDA headers define these as nothing for a host compiler; the kernel-listing pass of
// build-emulator.sh (JG_EMU_LIST_KERNELS) keeps markers instead, to read names and launch bounds.
#undef __global__
#undef __shared__
#undef __launch_bounds__
#ifdef JG_EMU_LIST_KERNELS
#define __global__ JG_EMU_KERNEL
#define __launch_bounds__(...) JG_EMU_LAUNCH_BOUNDS(__VA_ARGS__)
#else
#define __global__
#define __launch_bounds__(...)
#endif
#define __shared__ static

#define __syncthreads() jg_emu_syncthreads()
#define __trap() jg_emu_trap()

// ---- atomics: a scheduling point before the read, so another fiber may run between two atomics ----

template <class T> inline T jg_emu_atomic_add(T* p, T v) {
    jg_emu_yield();
    T old = *p;
    *p = (T) (old + v);
    return old;
}
inline int atomicAdd(int* p, int v) { return (int) jg_emu_atomic_add((unsigned int*) p, (unsigned int) v); }
inline unsigned int atomicAdd(unsigned int* p, unsigned int v) { return jg_emu_atomic_add(p, v); }
inline unsigned long long atomicAdd(unsigned long long* p, unsigned long long v) { return jg_emu_atomic_add(p, v); }
inline float atomicAdd(float* p, float v) { return jg_emu_atomic_add(p, v); }
inline double atomicAdd(double* p, double v) { return jg_emu_atomic_add(p, v); }

// ---- integer intrinsics -------------------------------------------------------------------------

inline unsigned int __umulhi(unsigned int a, unsigned int b) { return (unsigned int) (((unsigned long long) a * b) >> 32); }

// ---- round-to-nearest arithmetic: operands and result pass through an empty asm, so the compiler
// ---- can neither contract it with a neighbouring product into an FMA nor reassociate it (the host build uses -ffp-contract=fast,
// ---- like nvcc's default -fmad=true, everywhere else) -------------------------------------------

#define JG_EMU_ROUNDED(TYPE, NAME, EXPR) \
    inline TYPE NAME(TYPE a, TYPE b) { \
        __asm__ volatile("" : "+x"(a), "+x"(b)); \
        TYPE r = EXPR; \
        __asm__ volatile("" : "+x"(r)); \
        return r; }
JG_EMU_ROUNDED(float, __fadd_rn, a + b)
JG_EMU_ROUNDED(float, __fsub_rn, a - b)
JG_EMU_ROUNDED(float, __fmul_rn, a * b)
JG_EMU_ROUNDED(float, __fdiv_rn, a / b)
JG_EMU_ROUNDED(double, __dadd_rn, a + b)
JG_EMU_ROUNDED(double, __dsub_rn, a - b)
JG_EMU_ROUNDED(double, __dmul_rn, a * b)
JG_EMU_ROUNDED(double, __ddiv_rn, a / b)
#undef JG_EMU_ROUNDED
inline float __fsqrt_rn(float a) { float r = sqrtf(a); __asm__ volatile("" : "+x"(r)); return r; }
inline double __dsqrt_rn(double a) { double r = sqrt(a); __asm__ volatile("" : "+x"(r)); return r; }
inline float __fmaf_rn(float a, float b, float c) { return fmaf(a, b, c); }
inline double __fma_rn(double a, double b, double c) { return fma(a, b, c); }

// ---- reinterpretations (math_constants.h's CUDART_INF and friends use them) ----------------------

inline double __longlong_as_double(long long v) { double d; memcpy(&d, &v, sizeof d); return d; }
inline long long __double_as_longlong(double v) { long long l; memcpy(&l, &v, sizeof l); return l; }
inline float __int_as_float(int v) { float f; memcpy(&f, &v, sizeof f); return f; }
inline int __float_as_int(float v) { int i; memcpy(&i, &v, sizeof i); return i; }
inline float __uint_as_float(unsigned int v) { float f; memcpy(&f, &v, sizeof f); return f; }
inline unsigned int __float_as_uint(float v) { unsigned int i; memcpy(&i, &v, sizeof i); return i; }
