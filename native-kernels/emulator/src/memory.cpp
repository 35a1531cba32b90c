// Device memory of the emulated device: host pages, laid out so that mistakes fault at once.
//
//   [guard page][ poison .......... | the allocation's `bytes` ][guard page]
//                                                              ^ page boundary
//
// Each cuMemAlloc gets its own mapping; the allocation ends exactly at a page boundary followed by
// an inaccessible page, so the first byte past the end faults (an access before the start is
// caught only from the page before). Fresh memory holds 0xFF bytes (NaN in every float type, -1 in
// the integers, an invalid bool), as a real allocation holds whatever was there. cuMemFree makes
// the pages inaccessible and returns them to the system but keeps the addresses reserved, so a
// kernel that uses freed memory faults instead of reading another array; the oldest of
// QUARANTINE freed ranges is unmapped when more pile up (the kernel's map count is finite).
//
// Alignment: the driver guarantees 256 bytes; here an allocation starts at (page end - bytes),
// aligned to its element size whenever `bytes` is a multiple of it (jgrad's kernels make only
// naturally aligned scalar accesses to global memory).
#include <deque>
#include <map>
#include <mutex>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "emulator.h"

namespace jgemu {
namespace {

const size_t PAGE = 4096;
const size_t QUARANTINE = 8192;

struct Allocation {
    uintptr_t start;
    size_t bytes;
    uintptr_t mapping;       // the first guard page
    size_t mappingBytes;     // guard + data pages + guard
    bool freed;
};

std::mutex lock;
std::map<uintptr_t, Allocation> byMapping;  // keyed by mapping start, so neighbours are found by address
std::deque<uintptr_t> quarantine;
size_t liveBytes = 0;
size_t liveCount = 0;

/**
 * Live allocations the host can map: each takes three of the process's memory mappings (guard,
 * data, guard), the quarantine one each, and the JVM needs its own; past vm.max_map_count the
 * next mmap anywhere in the process fails, the JVM's included. So the emulated device reports
 * CUDA_ERROR_OUT_OF_MEMORY first, which jgrad's caching allocator answers by emptying its cache and
 * collecting garbage.
 */
size_t maxLiveAllocations() {
    static const size_t limit = [] {
        size_t maps = 65530;
        if (FILE* f = fopen("/proc/sys/vm/max_map_count", "r")) {
            unsigned long long v = 0;
            if (fscanf(f, "%llu", &v) == 1 && v > 0) maps = v;
            fclose(f);
        }
        size_t reserved = QUARANTINE + 16384;   // the quarantine, and room for the JVM's own mappings
        return maps > reserved + 3000 ? (maps - reserved) / 3 : 1000;
    }();
    return limit;
}

size_t pagesFor(size_t bytes) { return (bytes + PAGE - 1) / PAGE; }

/** The allocation whose mapping holds `address`, or null; call with the lock held. */
const Allocation* mappingOf(uintptr_t address) {
    auto it = byMapping.upper_bound(address);
    if (it == byMapping.begin()) return nullptr;
    --it;
    const Allocation& a = it->second;
    return address < a.mapping + a.mappingBytes ? &a : nullptr;
}

std::string hex(uintptr_t v) {
    char text[32];
    snprintf(text, sizeof text, "0x%lx", (unsigned long) v);
    return text;
}

}  // namespace

size_t totalMemory() {
    static const size_t total = [] {
        const char* mib = getenv("JGRAD_EMULATOR_MEMORY_MIB");
        return (mib ? strtoull(mib, nullptr, 10) : 8192ULL) << 20;
    }();
    return total;
}

CUresult allocate(size_t bytes, CUdeviceptr* address) {
    if (bytes == 0) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemAlloc of 0 bytes");
    std::lock_guard<std::mutex> guard(lock);
    if (liveBytes + bytes > totalMemory())
        return fail(CUDA_ERROR_OUT_OF_MEMORY, "cuMemAlloc of " + std::to_string(bytes) + " bytes: " + std::to_string(liveBytes)
                + " of the emulated device's " + std::to_string(totalMemory()) + " bytes are in use");
    if (liveCount >= maxLiveAllocations())
        return fail(CUDA_ERROR_OUT_OF_MEMORY, "cuMemAlloc: " + std::to_string(liveCount)
                + " live allocations, the most the host's vm.max_map_count leaves the emulated device");
    size_t dataBytes = pagesFor(bytes) * PAGE, mappingBytes = dataBytes + 2 * PAGE;
    void* mapping = mmap(nullptr, mappingBytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mapping == MAP_FAILED) return fail(CUDA_ERROR_OUT_OF_MEMORY, "cuMemAlloc: mmap of " + std::to_string(mappingBytes) + " bytes failed");
    char* data = static_cast<char*>(mapping) + PAGE;
    if (mprotect(data, dataBytes, PROT_READ | PROT_WRITE) != 0) {
        munmap(mapping, mappingBytes);
        return fail(CUDA_ERROR_OUT_OF_MEMORY, "cuMemAlloc: mprotect failed");
    }
    memset(data, 0xFF, dataBytes);
    Allocation a{reinterpret_cast<uintptr_t>(data + dataBytes - bytes), bytes, reinterpret_cast<uintptr_t>(mapping), mappingBytes, false};
    byMapping[a.mapping] = a;
    liveBytes += bytes;
    liveCount++;
    *address = a.start;
    return CUDA_SUCCESS;
}

CUresult release(CUdeviceptr address) {
    std::lock_guard<std::mutex> guard(lock);
    const Allocation* found = mappingOf(address);
    if (found == nullptr || found->start != address)
        return fail(CUDA_ERROR_INVALID_VALUE, "cuMemFree(" + hex(address) + "): not the start of a device allocation"
                + (found ? " (" + describeAddress(address) + ")" : ""));
    if (found->freed) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemFree(" + hex(address) + "): freed twice");
    Allocation& a = byMapping[found->mapping];
    mprotect(reinterpret_cast<void*>(a.mapping), a.mappingBytes, PROT_NONE);
    madvise(reinterpret_cast<void*>(a.mapping), a.mappingBytes, MADV_DONTNEED);
    a.freed = true;
    liveBytes -= a.bytes;
    liveCount--;
    quarantine.push_back(a.mapping);
    if (quarantine.size() > QUARANTINE) {
        uintptr_t oldest = quarantine.front();
        quarantine.pop_front();
        auto it = byMapping.find(oldest);
        munmap(reinterpret_cast<void*>(oldest), it->second.mappingBytes);
        byMapping.erase(it);
    }
    return CUDA_SUCCESS;
}

bool liveRange(CUdeviceptr address, size_t bytes, std::string* why) {
    if (bytes == 0) return true;
    std::lock_guard<std::mutex> guard(lock);
    const Allocation* a = mappingOf(address);
    if (a == nullptr || a->freed || address < a->start || address + bytes > a->start + a->bytes) {
        *why = "[" + hex(address) + ", +" + std::to_string(bytes) + " bytes) is not inside one live device allocation ("
                + describeAddress(address + (a && !a->freed && address >= a->start ? bytes - 1 : 0)) + ")";
        return false;
    }
    return true;
}

size_t allocatedBytes() {
    std::lock_guard<std::mutex> guard(lock);
    return liveBytes;
}

/** Call with the lock held, or from the fault handler (which must not block on it). */
std::string describeAddress(uintptr_t address) {
    const Allocation* a = mappingOf(address);
    if (a == nullptr) return hex(address) + " is not in any device allocation";
    std::string of = " the " + std::string(a->freed ? "freed " : "") + std::to_string(a->bytes) + "-byte allocation at " + hex(a->start);
    if (a->freed) return hex(address) + " is inside" + of + " (offset " + std::to_string((long) (address - a->start)) + ")";
    if (address >= a->start + a->bytes)
        return hex(address) + " is " + std::to_string(address - (a->start + a->bytes)) + " bytes past the end of" + of;
    if (address < a->start) return hex(address) + " is " + std::to_string(a->start - address) + " bytes before the start of" + of;
    return hex(address) + " is at offset " + std::to_string(address - a->start) + " of" + of;
}

std::string describeFaultAddress(uintptr_t address) {
    std::unique_lock<std::mutex> guard(lock, std::try_to_lock);
    if (!guard.owns_lock()) return hex(address) + " (the allocation table was busy)";
    return describeAddress(address);
}

}  // namespace jgemu
