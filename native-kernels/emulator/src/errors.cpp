// Result codes: their names and strings as the driver gives them, and the emulator's own reason
// for the last failure of each code, which cuGetErrorString returns in place of the generic text
// (so "an illegal memory access" arrives in Java naming the kernel, the thread and the offset).
#include <mutex>
#include <stdio.h>
#include <stdlib.h>
#include <unordered_map>

#include "emulator.h"

namespace jgemu {
namespace {

struct Known {
    CUresult code;
    const char* name;
    const char* text;
};

const Known KNOWN[] = {
    {CUDA_SUCCESS, "CUDA_SUCCESS", "no error"},
    {CUDA_ERROR_INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {CUDA_ERROR_OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {CUDA_ERROR_NOT_INITIALIZED, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
    {CUDA_ERROR_DEINITIALIZED, "CUDA_ERROR_DEINITIALIZED", "driver shutting down"},
    {CUDA_ERROR_NO_DEVICE, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
    {CUDA_ERROR_INVALID_DEVICE, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
    {CUDA_ERROR_INVALID_IMAGE, "CUDA_ERROR_INVALID_IMAGE", "device kernel image is invalid"},
    {CUDA_ERROR_INVALID_CONTEXT, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
    {CUDA_ERROR_NO_BINARY_FOR_GPU, "CUDA_ERROR_NO_BINARY_FOR_GPU", "no kernel image is available for execution on the device"},
    {CUDA_ERROR_SHARED_OBJECT_INIT_FAILED, "CUDA_ERROR_SHARED_OBJECT_INIT_FAILED", "shared object initialization failed"},
    {CUDA_ERROR_INVALID_HANDLE, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
    {CUDA_ERROR_NOT_FOUND, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
    {CUDA_ERROR_NOT_READY, "CUDA_ERROR_NOT_READY", "device not ready"},
    {CUDA_ERROR_ILLEGAL_ADDRESS, "CUDA_ERROR_ILLEGAL_ADDRESS", "an illegal memory access was encountered"},
    {CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", "too many resources requested for launch"},
    {CUDA_ERROR_LAUNCH_FAILED, "CUDA_ERROR_LAUNCH_FAILED", "unspecified launch failure"},
    {CUDA_ERROR_NOT_PERMITTED, "CUDA_ERROR_NOT_PERMITTED", "operation not permitted"},
    {CUDA_ERROR_NOT_SUPPORTED, "CUDA_ERROR_NOT_SUPPORTED", "operation not supported"},
    {CUDA_ERROR_UNKNOWN, "CUDA_ERROR_UNKNOWN", "unknown error"},
};

std::mutex lock;
std::unordered_map<int, std::string> lastReason;

}  // namespace

const char* errorName(CUresult code) {
    for (const Known& k : KNOWN)
        if (k.code == code) return k.name;
    return nullptr;
}

void report(const std::string& line) {
    static const bool quiet = getenv("JGRAD_EMULATOR_QUIET") != nullptr;
    if (!quiet) fprintf(stderr, "[jgrad CUDA emulator] %s\n", line.c_str());
}

CUresult fail(CUresult code, const std::string& why) {
    const char* name = errorName(code);
    std::string line = std::string(name ? name : "CUDA error") + ": " + why;
    {
        std::lock_guard<std::mutex> guard(lock);
        lastReason[code] = line;
    }
    report(line);
    return code;
}

/** The emulator's reason for the last failure with this code, else the driver's generic text. */
static const char* describe(CUresult code) {
    {
        std::lock_guard<std::mutex> guard(lock);
        auto it = lastReason.find(code);
        // The string lives in the map until the next failure of the same code replaces it.
        if (it != lastReason.end()) return it->second.c_str();
    }
    for (const Known& k : KNOWN)
        if (k.code == code) return k.text;
    return nullptr;
}

}  // namespace jgemu

JG_EMU_EXPORT CUresult cuGetErrorName(CUresult error, const char** name) {
    if (name == nullptr) return CUDA_ERROR_INVALID_VALUE;
    *name = jgemu::errorName(error);
    return *name ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

JG_EMU_EXPORT CUresult cuGetErrorString(CUresult error, const char** text) {
    if (text == nullptr) return CUDA_ERROR_INVALID_VALUE;
    *text = jgemu::describe(error);
    return *text ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
