// The emulated CUDA device's parts, shared by the stand-in driver's source files. Nothing here is
// visible outside libcuda.so.1 except the cu* entry points (driver.cpp) and the jg_emu_* calls the
// kernel library makes (jg_emulated.h).
#pragma once
#include <cuda.h>
#include <stddef.h>
#include <stdint.h>
#include <string>

#include "jg_emulated_kernels.h"

#define JG_EMU_EXPORT extern "C" __attribute__((visibility("default")))

namespace jgemu {

// ---- errors (errors.cpp) ---------------------------------------------------------------------------

/** Records why the last call failed (cuGetErrorString returns it for that code), prints it, returns code. */
CUresult fail(CUresult code, const std::string& why);
/** The driver's name of a result code, "CUDA_ERROR_..." ("unknown" when it has none). */
const char* errorName(CUresult code);
/** One line prefixed with the emulator's name on stderr, when JGRAD_EMULATOR_QUIET is unset. */
void report(const std::string& line);

// ---- the H100 whose limits the emulated device keeps (device.cpp) ----------------------------------

/** The name every device listing shows. */
extern const char* const DEVICE_NAME;
/** CU_DEVICE_ATTRIBUTE_*: an H100 SXM's value, or false when the emulator does not know the attribute. */
bool deviceAttribute(int attribute, int* value);
/** Device memory the emulated device offers (JGRAD_EMULATOR_MEMORY_MIB, default 8 GiB). */
size_t totalMemory();

// ---- device memory (memory.cpp) --------------------------------------------------------------------

/** A fresh allocation of exactly `bytes`, poisoned with 0xFF, ending at a guard page. */
CUresult allocate(size_t bytes, CUdeviceptr* address);
/** Makes the allocation inaccessible; its addresses are not handed out again (quarantine). */
CUresult release(CUdeviceptr address);
/** Whether [address, address + bytes) lies inside one live allocation; else why not. */
bool liveRange(CUdeviceptr address, size_t bytes, std::string* why);
/** The live bytes allocated now. */
size_t allocatedBytes();
/** What an address is: inside, past the end of, before, or inside a freed allocation, or none. */
std::string describeAddress(uintptr_t address);
/** describeAddress for the fault handler: never blocks on the allocation table's lock. */
std::string describeFaultAddress(uintptr_t address);

// ---- kernels and launches (kernels.cpp, scheduler.cpp) ---------------------------------------------

struct Kernel {
    const JgEmuKernel* entry;
    const JgEmuKernelLibrary* library;  // where it comes from: its __shared__ section is poisoned per block
    int registers;
    int staticSharedBytes;
    int maxDynamicSharedBytes;  // CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES (opt-in above 48 KiB)
    int maxThreadsPerBlock;
    /** No barrier in the sm_90 build (ptxas): its threads run as plain calls, one after another, not as fibers. */
    bool direct;
};

/** Loads the kernel library (JGRAD_EMULATOR_KERNELS, else beside libcuda.so.1) once; null and *why on failure. */
const JgEmuKernelLibrary* kernelLibrary(std::string* why);
/** The kernel named `name`, or null. */
Kernel* findKernel(const char* name);
/** Notes a launch for JGRAD_EMULATOR_COVERAGE (which kernels a test run reached). */
void recordLaunch(const Kernel& kernel);

struct LaunchShape {
    unsigned gridX, gridY, gridZ, blockX, blockY, blockZ;
};

/** Runs the kernel to completion on the calling thread: every block, every thread as a fiber. */
CUresult launch(Kernel& kernel, const LaunchShape& shape, void** params);

}  // namespace jgemu
