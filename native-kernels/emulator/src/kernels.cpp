// The kernel library of the emulated device: found beside libcuda.so.1 (or at
// JGRAD_EMULATOR_KERNELS), loaded once, its kernels indexed by name with their sm_90 resources.
//
// Resources come from ptxas's report for sm_90, so the emulator refuses a launch an H100 refuses:
// registers per thread × threads above the 65,536 of a block, threads above the kernel's
// __launch_bounds__, static plus dynamic shared memory above the 48 KiB default or the opted-in
// maximum. The most threads a block may have, as the driver computes it: registers are allocated
// per warp in units of 256, so a warp of a kernel with r registers takes ceil(32 r / 256) · 256.
#include <dlfcn.h>
#include <mutex>
#include <stdlib.h>
#include <string.h>
#include <unordered_map>

#include "emulator.h"

namespace jgemu {
namespace {

std::mutex lock;
const JgEmuKernelLibrary* library = nullptr;
std::string libraryError;
std::unordered_map<std::string, Kernel> kernels;

std::string defaultPath() {
    Dl_info self;
    if (dladdr(reinterpret_cast<void*>(&defaultPath), &self) == 0 || self.dli_fname == nullptr) return "libjgrad-kernels-emulated.so";
    std::string path = self.dli_fname;
    size_t slash = path.rfind('/');
    return (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "libjgrad-kernels-emulated.so";
}

int maxThreads(int registers, int launchBound) {
    int perWarp = (32 * (registers > 0 ? registers : 1) + 255) / 256 * 256;
    int warps = 65536 / perWarp;
    int most = warps * 32 < 1024 ? warps * 32 : 1024;
    return launchBound > 0 && launchBound < most ? launchBound : most;
}

void load() {
    const char* configured = getenv("JGRAD_EMULATOR_KERNELS");
    std::string path = configured ? configured : defaultPath();
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        libraryError = "the emulated device's kernel library cannot be loaded: " + std::string(dlerror());
        return;
    }
    auto entry = reinterpret_cast<const JgEmuKernelLibrary* (*)()>(dlsym(handle, "jg_emu_kernel_library"));
    if (entry == nullptr) {
        libraryError = path + " is not a kernel library of the emulated device (no jg_emu_kernel_library)";
        return;
    }
    library = entry();
    std::unordered_map<std::string, const JgEmuKernelResources*> resources;
    for (int i = 0; i < library->resourceCount; ++i) resources[library->resources[i].name] = &library->resources[i];
    for (int i = 0; i < library->kernelCount; ++i) {
        const JgEmuKernel& k = library->kernels[i];
        auto r = resources.find(k.name);
        // Without ptxas's report (a kernel built only for the host): 32 registers, no static shared memory.
        int registers = r == resources.end() ? 32 : r->second->registers;
        int shared = r == resources.end() ? 0 : r->second->staticSharedBytes;
        kernels[k.name] = Kernel{&k, registers, shared, 48 * 1024 - shared, maxThreads(registers, k.launchBound)};
    }
    report("kernels from " + path + ": " + std::to_string(library->kernelCount) + " entry points, " + std::to_string(resources.size())
            + " with ptxas's sm_90 resources, " + std::to_string(library->sharedBytes) + " bytes of __shared__ variables");
}

}  // namespace

const JgEmuKernelLibrary* kernelLibrary(std::string* why) {
    std::lock_guard<std::mutex> guard(lock);
    if (library == nullptr && libraryError.empty()) load();
    if (library == nullptr) *why = libraryError;
    return library;
}

Kernel* findKernel(const char* name) {
    std::string why;
    if (kernelLibrary(&why) == nullptr) return nullptr;
    std::lock_guard<std::mutex> guard(lock);
    auto it = kernels.find(name);
    return it == kernels.end() ? nullptr : &it->second;
}

}  // namespace jgemu
