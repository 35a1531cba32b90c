// The calls between the kernel library and the stand-in driver of the emulated device: the running
// fiber's coordinates and the scheduling points (defined in libcuda.so.1, src/scheduler.cpp and
// src/mma.cpp). Plain C declarations, without jg_emulated.h's macros, so the driver includes them too.
#pragma once
#include <stdint.h>
#include <vector_types.h>
#include <vector_functions.h>

extern "C" {
/** Coordinates of the fiber that runs now (CUDA's built-in variables). */
struct JgEmuThreadState {
    uint3 threadIdx, blockIdx, blockDim, gridDim;
};
/**
 * The state of the thread a kernel runs as now, set by the scheduler at every switch. A plain
 * global, not thread-local: launches run one at a time in the process (the scheduler's lock),
 * and a thread-local read through __tls_get_addr on every threadIdx cost more than the kernels.
 */
extern const JgEmuThreadState* jg_emu_current;

/** __syncthreads(): wait until every live thread of the block has got here. */
void jg_emu_syncthreads(void);
/** A scheduling point inside a phase: other fibers of the block may run before this one goes on. */
void jg_emu_yield(void);
/** __trap(): ends the launch with CUDA_ERROR_LAUNCH_FAILED. */
[[noreturn]] void jg_emu_trap(void);
/** mma.sync.aligned.m16n8k16.row.col.f32.{f16,bf16}.{f16,bf16}.f32 d, a, b, d: warp-collective. */
void jg_emu_mma_m16n8k16_f16(float* d, const uint32_t* a, const uint32_t* b);
void jg_emu_mma_m16n8k16_bf16(float* d, const uint32_t* a, const uint32_t* b);
}
