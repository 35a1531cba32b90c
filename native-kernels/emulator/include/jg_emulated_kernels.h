// What the kernel library of the emulated device tells the stand-in driver about each kernel,
// and how the driver calls it: cuLaunchKernel's `kernelParams` holds one pointer per parameter
// (to the value, as the real driver reads it), and the invoker of a kernel with parameters
// (A0, ..., An) calls it with *(A0*) params[0], ..., *(An*) params[n].
#pragma once
#include <stddef.h>

extern "C" {
typedef void (*JgEmuInvoker)(const void* kernel, void** params);

struct JgEmuKernel {
    const char* name;
    const void* function;
    JgEmuInvoker invoke;
    int parameters;
    int launchBound;  // __launch_bounds__'s maximum threads per block, 0 when the kernel has none
};

/** ptxas's resource report for sm_90 (target/ptxas.log of the nvcc build), per kernel. */
struct JgEmuKernelResources {
    const char* name;
    int registers;
    int staticSharedBytes;
    int barriers;  // named barriers the kernel uses: 0 for a kernel without __syncthreads
};

/** One __shared__ variable (a function-local static of the host build): poisoned before every block. */
struct JgEmuSharedVariable {
    void* address;
    size_t bytes;
};

/** The kernel library's entry point: its kernels, their sm_90 resources and its __shared__ variables. */
struct JgEmuKernelLibrary {
    const JgEmuKernel* kernels;
    int kernelCount;
    const JgEmuKernelResources* resources;
    int resourceCount;
    const JgEmuSharedVariable* shared;
    int sharedCount;
};
const JgEmuKernelLibrary* jg_emu_kernel_library(void);
}

#ifdef __cplusplus
#include <utility>

template <class... A, size_t... I>
void jgEmuCallWith(const void* kernel, void** params, std::index_sequence<I...>) {
    reinterpret_cast<void (*)(A...)>(const_cast<void*>(kernel))(*static_cast<A*>(params[I])...);
}

template <class... A>
void jgEmuInvoke(const void* kernel, void** params) {
    jgEmuCallWith<A...>(kernel, params, std::index_sequence_for<A...>{});
}

template <class... A>
constexpr JgEmuKernel jgEmuKernel(const char* name, void (*kernel)(A...), int launchBound) {
    return JgEmuKernel{name, reinterpret_cast<const void*>(kernel), &jgEmuInvoke<A...>, (int) sizeof...(A), launchBound};
}
#endif
