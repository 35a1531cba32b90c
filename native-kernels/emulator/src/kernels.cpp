// The kernel library of the emulated device: found beside libcuda.so.1, or at JGRAD_EMULATOR_KERNELS
// (a colon-separated list: a kernel is taken from the first library that has it, so a library of a
// few deliberately broken kernels can stand in front of the full one), loaded once, its kernels
// indexed by name with their sm_90 resources.
//
// Resources come from ptxas's report for sm_90, so the emulator refuses a launch an H100 refuses:
// registers per thread × threads above the 65,536 of a block, threads above the kernel's
// __launch_bounds__, static plus dynamic shared memory above the 48 KiB default or the opted-in
// maximum. The most threads a block may have, as the driver computes it: registers are allocated
// per warp in units of 256, so a warp of a kernel with r registers takes ceil(32 r / 256) · 256.
#include <dlfcn.h>
#include <mutex>
#include <set>
#include <stdio.h>
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

bool loadOne(const std::string& path) {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        libraryError = "the emulated device's kernel library cannot be loaded: " + std::string(dlerror());
        return false;
    }
    auto entry = reinterpret_cast<const JgEmuKernelLibrary* (*)()>(dlsym(handle, "jg_emu_kernel_library"));
    if (entry == nullptr) {
        libraryError = path + " is not a kernel library of the emulated device (no jg_emu_kernel_library)";
        return false;
    }
    const JgEmuKernelLibrary* loaded = entry();
    if (library == nullptr) library = loaded;
    std::unordered_map<std::string, const JgEmuKernelResources*> resources;
    for (int i = 0; i < loaded->resourceCount; ++i) resources[loaded->resources[i].name] = &loaded->resources[i];
    for (int i = 0; i < loaded->kernelCount; ++i) {
        const JgEmuKernel& k = loaded->kernels[i];
        if (kernels.count(k.name)) continue;  // an earlier library has it
        auto r = resources.find(k.name);
        // Without ptxas's report (a kernel built only for the host): 32 registers, no static shared memory.
        int registers = r == resources.end() ? 32 : r->second->registers;
        int shared = r == resources.end() ? 0 : r->second->staticSharedBytes;
        bool direct = r != resources.end() && r->second->barriers == 0;
        kernels[k.name] = Kernel{&k, loaded, registers, shared, 48 * 1024 - shared, maxThreads(registers, k.launchBound), direct};
    }
    report("kernels from " + path + ": " + std::to_string(loaded->kernelCount) + " entry points, " + std::to_string(resources.size())
            + " with ptxas's sm_90 resources, " + std::to_string(loaded->sharedCount) + " __shared__ variables");
    return true;
}

void load() {
    const char* configured = getenv("JGRAD_EMULATOR_KERNELS");
    std::string paths = configured ? configured : defaultPath();
    size_t from = 0;
    while (from <= paths.size()) {
        size_t colon = paths.find(':', from);
        std::string path = paths.substr(from, colon == std::string::npos ? std::string::npos : colon - from);
        if (!path.empty() && !loadOne(path)) {
            library = nullptr;
            return;
        }
        if (colon == std::string::npos) break;
        from = colon + 1;
    }
}

std::set<std::string> launched;

/** With JGRAD_EMULATOR_COVERAGE=FILE, the kernels the process launched, one a line, written at exit (appended). */
void writeCoverage() {
    const char* path = getenv("JGRAD_EMULATOR_COVERAGE");
    if (path == nullptr) return;
    FILE* out = fopen(path, "a");
    if (out == nullptr) return;
    std::lock_guard<std::mutex> guard(lock);
    for (const std::string& name : launched) fprintf(out, "%s\n", name.c_str());
    fclose(out);
}

}  // namespace

void recordLaunch(const Kernel& kernel) {
    static const bool wanted = [] {
        if (getenv("JGRAD_EMULATOR_COVERAGE") == nullptr) return false;
        atexit(writeCoverage);
        return true;
    }();
    if (!wanted) return;
    std::lock_guard<std::mutex> guard(lock);
    launched.insert(kernel.entry->name);
}

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
