// The driver API of the emulated device: the cu* functions jgrad calls (and their close kin), with
// the rules of the real driver that jgrad could break:
//
//   - cuInit first, else CUDA_ERROR_NOT_INITIALIZED;
//   - every call that works in a context needs one current on the calling thread, else
//     CUDA_ERROR_INVALID_CONTEXT naming the call and the thread (the current context is per host
//     thread, set by cuCtxSetCurrent / cuCtxPushCurrent; a new thread starts with none);
//   - copies and memsets must lie inside one live allocation (CUDA_ERROR_INVALID_VALUE);
//   - launches within an H100's limits (kernels.cpp, device.cpp) or the driver's error code.
//
// Work on a stream runs at once, synchronously, in the calling thread: the order of one stream is
// kept trivially, and an error surfaces at the call that caused it (a real GPU reports a kernel's
// fault at a later synchronization). The emulator keeps going after a failed launch; a real
// context would be unusable after CUDA_ERROR_ILLEGAL_ADDRESS.
#include <mutex>
#include <pthread.h>
#include <set>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vector>

#include "emulator.h"
#include "scheduler.h"

namespace jgemu {
namespace {

const int CONTEXT_MAGIC = 0x6a67656d;  // "jgem"

struct Context {
    int magic = CONTEXT_MAGIC;
    bool primary = false;
};

struct Stream {
    Context* context;
};

struct Event {
    bool recorded = false;
    double milliseconds = 0;
};

struct Module {
    Context* context;
};

std::mutex lock;
bool initialized = false;
Context primary{CONTEXT_MAGIC, true};
int primaryRetains = 0;
std::set<Context*> contexts{&primary};
std::set<void*> handles;  // live streams, events, modules and page-locked host blocks

__thread Context* current = nullptr;
__thread std::vector<Context*>* pushed = nullptr;

std::string threadName() {
    char name[64] = "?";
    pthread_getname_np(pthread_self(), name, sizeof name);
    return std::string("'") + name + "'";
}

bool known(void* handle) {
    std::lock_guard<std::mutex> guard(lock);
    return handles.count(handle) != 0;
}

void remember(void* handle) {
    std::lock_guard<std::mutex> guard(lock);
    handles.insert(handle);
}

bool forget(void* handle) {
    std::lock_guard<std::mutex> guard(lock);
    return handles.erase(handle) != 0;
}

double nowMilliseconds() {
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

}  // namespace

/** CUDA_SUCCESS when the driver is initialized; else the error, naming the call. */
static CUresult initializedFor(const char* call) {
    if (!initialized) return fail(CUDA_ERROR_NOT_INITIALIZED, std::string(call) + " before cuInit");
    return CUDA_SUCCESS;
}

/** CUDA_SUCCESS when the calling thread has a current context; else CUDA_ERROR_INVALID_CONTEXT, naming the call and the thread. */
static CUresult contextFor(const char* call) {
    if (CUresult r = initializedFor(call)) return r;
    if (current == nullptr)
        return fail(CUDA_ERROR_INVALID_CONTEXT, std::string(call) + " on thread " + threadName()
                + ", which has no current context (no cuCtxSetCurrent or cuCtxPushCurrent on this thread)");
    return CUDA_SUCCESS;
}

static CUresult streamFor(const char* call, CUstream stream) {
    if (CUresult r = contextFor(call)) return r;
    if (stream == nullptr || stream == CU_STREAM_LEGACY || stream == CU_STREAM_PER_THREAD) return CUDA_SUCCESS;
    if (!known(stream)) return fail(CUDA_ERROR_INVALID_HANDLE, std::string(call) + ": not a live stream");
    if (reinterpret_cast<Stream*>(stream)->context != current)
        return fail(CUDA_ERROR_INVALID_HANDLE, std::string(call) + ": the stream belongs to another context than the current one");
    return CUDA_SUCCESS;
}

static CUresult deviceFor(const char* call, CUdevice device) {
    if (CUresult r = initializedFor(call)) return r;
    if (device != 0) return fail(CUDA_ERROR_INVALID_DEVICE, std::string(call) + ": device " + std::to_string(device) + " (the emulator has device 0)");
    return CUDA_SUCCESS;
}

static CUresult rangeFor(const char* call, CUdeviceptr address, size_t bytes) {
    std::string why;
    if (!liveRange(address, bytes, &why)) return fail(CUDA_ERROR_INVALID_VALUE, std::string(call) + ": " + why);
    return CUDA_SUCCESS;
}

static CUresult setMemory(const char* call, CUdeviceptr address, const void* value, size_t width, size_t count, CUstream stream) {
    if (CUresult r = streamFor(call, stream)) return r;
    if (CUresult r = rangeFor(call, address, width * count)) return r;
    char* p = reinterpret_cast<char*>(address);
    if (width == 1) ::memset(p, *static_cast<const unsigned char*>(value), count);
    else
        for (size_t i = 0; i < count; ++i) memcpy(p + i * width, value, width);
    return CUDA_SUCCESS;
}

enum CopyKind { HOST_TO_DEVICE, DEVICE_TO_HOST, DEVICE_TO_DEVICE };

static CUresult copy(const char* call, CopyKind kind, void* destination, const void* source, size_t bytes, CUstream stream) {
    if (CUresult r = streamFor(call, stream)) return r;
    if (bytes == 0) return CUDA_SUCCESS;
    if (kind != HOST_TO_DEVICE)
        if (CUresult r = rangeFor(call, reinterpret_cast<CUdeviceptr>(source), bytes)) return r;
    if (kind != DEVICE_TO_HOST)
        if (CUresult r = rangeFor(call, reinterpret_cast<CUdeviceptr>(destination), bytes)) return r;
    if ((kind == HOST_TO_DEVICE ? source : destination) == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, std::string(call) + ": null host pointer");
    memmove(destination, source, bytes);
    return CUDA_SUCCESS;
}

}  // namespace jgemu

using namespace jgemu;

extern "C" int jg_emu_unsupported(const char* function) {
    return fail(CUDA_ERROR_NOT_SUPPORTED, std::string(function) + " is not implemented by the emulated device (jgrad does not call it)");
}

// ---- initialization, devices ---------------------------------------------------------------------

JG_EMU_EXPORT CUresult cuInit(unsigned int flags) {
    if (flags != 0) return fail(CUDA_ERROR_INVALID_VALUE, "cuInit: flags must be 0");
    std::lock_guard<std::mutex> guard(lock);
    if (!initialized) {
        installFaultHandlers();
        initialized = true;
        report("initialized: " + std::string(DEVICE_NAME));
    }
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuDriverGetVersion(int* version) {
    if (version == nullptr) return CUDA_ERROR_INVALID_VALUE;
    *version = 13000;
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuDeviceGetCount(int* count) {
    if (CUresult r = initializedFor("cuDeviceGetCount")) return r;
    *count = 1;
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuDeviceGet(CUdevice* device, int ordinal) {
    if (CUresult r = deviceFor("cuDeviceGet", ordinal)) return r;
    *device = 0;
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuDeviceGetName(char* name, int length, CUdevice device) {
    if (CUresult r = deviceFor("cuDeviceGetName", device)) return r;
    if (name == nullptr || length <= 0) return fail(CUDA_ERROR_INVALID_VALUE, "cuDeviceGetName: no buffer");
    snprintf(name, (size_t) length, "%s", DEVICE_NAME);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice device) {
    if (CUresult r = deviceFor("cuDeviceTotalMem", device)) return r;
    *bytes = totalMemory();
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuDeviceGetAttribute(int* value, CUdevice_attribute attribute, CUdevice device) {
    if (CUresult r = deviceFor("cuDeviceGetAttribute", device)) return r;
    if (!deviceAttribute(attribute, value))
        return fail(CUDA_ERROR_NOT_SUPPORTED, "cuDeviceGetAttribute: attribute " + std::to_string(attribute) + " is not emulated");
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuDeviceComputeCapability(int* major, int* minor, CUdevice device) {
    if (CUresult r = deviceFor("cuDeviceComputeCapability", device)) return r;
    *major = 9;
    *minor = 0;
    return CUDA_SUCCESS;
}

// ---- contexts ------------------------------------------------------------------------------------

JG_EMU_EXPORT CUresult cuDevicePrimaryCtxRetain(CUcontext* context, CUdevice device) {
    if (CUresult r = deviceFor("cuDevicePrimaryCtxRetain", device)) return r;
    std::lock_guard<std::mutex> guard(lock);
    primaryRetains++;
    *context = reinterpret_cast<CUcontext>(&primary);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device) {
    if (CUresult r = deviceFor("cuDevicePrimaryCtxRelease", device)) return r;
    std::lock_guard<std::mutex> guard(lock);
    if (primaryRetains > 0) primaryRetains--;
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuDevicePrimaryCtxGetState(CUdevice device, unsigned int* flags, int* active) {
    if (CUresult r = deviceFor("cuDevicePrimaryCtxGetState", device)) return r;
    std::lock_guard<std::mutex> guard(lock);
    *flags = 0;
    *active = primaryRetains > 0;
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuDevicePrimaryCtxSetFlags_v2(CUdevice device, unsigned int) {
    return deviceFor("cuDevicePrimaryCtxSetFlags", device);
}

static bool isContext(CUcontext c) {
    std::lock_guard<std::mutex> guard(lock);
    return contexts.count(reinterpret_cast<Context*>(c)) != 0;
}

JG_EMU_EXPORT CUresult cuCtxSetCurrent(CUcontext context) {
    if (CUresult r = initializedFor("cuCtxSetCurrent")) return r;
    if (context != nullptr && !isContext(context)) return fail(CUDA_ERROR_INVALID_CONTEXT, "cuCtxSetCurrent: not a context");
    current = reinterpret_cast<Context*>(context);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuCtxGetCurrent(CUcontext* context) {
    if (CUresult r = initializedFor("cuCtxGetCurrent")) return r;
    *context = reinterpret_cast<CUcontext>(current);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuCtxPushCurrent_v2(CUcontext context) {
    if (CUresult r = initializedFor("cuCtxPushCurrent")) return r;
    if (!isContext(context)) return fail(CUDA_ERROR_INVALID_CONTEXT, "cuCtxPushCurrent: not a context");
    if (pushed == nullptr) pushed = new std::vector<Context*>();
    pushed->push_back(current);
    current = reinterpret_cast<Context*>(context);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuCtxPopCurrent_v2(CUcontext* context) {
    if (CUresult r = contextFor("cuCtxPopCurrent")) return r;
    if (context != nullptr) *context = reinterpret_cast<CUcontext>(current);
    current = pushed == nullptr || pushed->empty() ? nullptr : pushed->back();
    if (pushed != nullptr && !pushed->empty()) pushed->pop_back();
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuCtxCreate_v2(CUcontext* context, unsigned int, CUdevice device) {
    if (CUresult r = deviceFor("cuCtxCreate", device)) return r;
    Context* c = new Context();
    {
        std::lock_guard<std::mutex> guard(lock);
        contexts.insert(c);
    }
    *context = reinterpret_cast<CUcontext>(c);
    return cuCtxPushCurrent_v2(*context);
}

JG_EMU_EXPORT CUresult cuCtxDestroy_v2(CUcontext context) {
    if (CUresult r = initializedFor("cuCtxDestroy")) return r;
    Context* c = reinterpret_cast<Context*>(context);
    if (c == &primary || !isContext(context)) return fail(CUDA_ERROR_INVALID_CONTEXT, "cuCtxDestroy: not a context created by cuCtxCreate");
    {
        std::lock_guard<std::mutex> guard(lock);
        contexts.erase(c);
    }
    if (current == c) current = nullptr;
    delete c;
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuCtxGetDevice(CUdevice* device) {
    if (CUresult r = contextFor("cuCtxGetDevice")) return r;
    *device = 0;
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuCtxGetApiVersion(CUcontext, unsigned int* version) {
    *version = 13000;
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuCtxSynchronize(void) {
    return contextFor("cuCtxSynchronize");  // all work has finished at its call
}

// ---- memory --------------------------------------------------------------------------------------

JG_EMU_EXPORT CUresult cuMemAlloc_v2(CUdeviceptr* address, size_t bytes) {
    if (CUresult r = contextFor("cuMemAlloc")) return r;
    return allocate(bytes, address);
}

JG_EMU_EXPORT CUresult cuMemFree_v2(CUdeviceptr address) {
    if (CUresult r = contextFor("cuMemFree")) return r;
    return release(address);
}

JG_EMU_EXPORT CUresult cuMemGetInfo_v2(size_t* free, size_t* total) {
    if (CUresult r = contextFor("cuMemGetInfo")) return r;
    *total = totalMemory();
    *free = *total - allocatedBytes();
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuMemAllocHost_v2(void** pointer, size_t bytes) {
    if (CUresult r = contextFor("cuMemAllocHost")) return r;
    if (posix_memalign(pointer, 4096, bytes ? bytes : 1) != 0) return fail(CUDA_ERROR_OUT_OF_MEMORY, "cuMemAllocHost of " + std::to_string(bytes));
    remember(*pointer);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuMemHostAlloc(void** pointer, size_t bytes, unsigned int) {
    return cuMemAllocHost_v2(pointer, bytes);
}

JG_EMU_EXPORT CUresult cuMemFreeHost(void* pointer) {
    if (CUresult r = contextFor("cuMemFreeHost")) return r;
    if (!forget(pointer)) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemFreeHost: not page-locked memory from cuMemAllocHost");
    free(pointer);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr destination, const void* source, size_t bytes) {
    return copy("cuMemcpyHtoD", HOST_TO_DEVICE, reinterpret_cast<void*>(destination), source, bytes, nullptr);
}

JG_EMU_EXPORT CUresult cuMemcpyDtoH_v2(void* destination, CUdeviceptr source, size_t bytes) {
    return copy("cuMemcpyDtoH", DEVICE_TO_HOST, destination, reinterpret_cast<void*>(source), bytes, nullptr);
}

JG_EMU_EXPORT CUresult cuMemcpyDtoD_v2(CUdeviceptr destination, CUdeviceptr source, size_t bytes) {
    return copy("cuMemcpyDtoD", DEVICE_TO_DEVICE, reinterpret_cast<void*>(destination), reinterpret_cast<void*>(source), bytes, nullptr);
}

JG_EMU_EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr destination, const void* source, size_t bytes, CUstream stream) {
    return copy("cuMemcpyHtoDAsync", HOST_TO_DEVICE, reinterpret_cast<void*>(destination), source, bytes, stream);
}

JG_EMU_EXPORT CUresult cuMemcpyDtoHAsync_v2(void* destination, CUdeviceptr source, size_t bytes, CUstream stream) {
    return copy("cuMemcpyDtoHAsync", DEVICE_TO_HOST, destination, reinterpret_cast<void*>(source), bytes, stream);
}

JG_EMU_EXPORT CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr destination, CUdeviceptr source, size_t bytes, CUstream stream) {
    return copy("cuMemcpyDtoDAsync", DEVICE_TO_DEVICE, reinterpret_cast<void*>(destination), reinterpret_cast<void*>(source), bytes, stream);
}

JG_EMU_EXPORT CUresult cuMemsetD8_v2(CUdeviceptr address, unsigned char value, size_t count) {
    return jgemu::setMemory("cuMemsetD8", address, &value, 1, count, nullptr);
}

JG_EMU_EXPORT CUresult cuMemsetD8Async(CUdeviceptr address, unsigned char value, size_t count, CUstream stream) {
    return jgemu::setMemory("cuMemsetD8Async", address, &value, 1, count, stream);
}

JG_EMU_EXPORT CUresult cuMemsetD16_v2(CUdeviceptr address, unsigned short value, size_t count) {
    return jgemu::setMemory("cuMemsetD16", address, &value, 2, count, nullptr);
}

JG_EMU_EXPORT CUresult cuMemsetD16Async(CUdeviceptr address, unsigned short value, size_t count, CUstream stream) {
    return jgemu::setMemory("cuMemsetD16Async", address, &value, 2, count, stream);
}

JG_EMU_EXPORT CUresult cuMemsetD32_v2(CUdeviceptr address, unsigned int value, size_t count) {
    return jgemu::setMemory("cuMemsetD32", address, &value, 4, count, nullptr);
}

JG_EMU_EXPORT CUresult cuMemsetD32Async(CUdeviceptr address, unsigned int value, size_t count, CUstream stream) {
    return jgemu::setMemory("cuMemsetD32Async", address, &value, 4, count, stream);
}

// ---- streams and events --------------------------------------------------------------------------

JG_EMU_EXPORT CUresult cuStreamCreate(CUstream* stream, unsigned int) {
    if (CUresult r = contextFor("cuStreamCreate")) return r;
    Stream* s = new Stream{current};
    remember(s);
    *stream = reinterpret_cast<CUstream>(s);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuStreamDestroy_v2(CUstream stream) {
    if (CUresult r = streamFor("cuStreamDestroy", stream)) return r;
    if (stream == nullptr || !forget(stream)) return fail(CUDA_ERROR_INVALID_HANDLE, "cuStreamDestroy: not a created stream");
    delete reinterpret_cast<Stream*>(stream);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuStreamSynchronize(CUstream stream) {
    return streamFor("cuStreamSynchronize", stream);
}

JG_EMU_EXPORT CUresult cuStreamQuery(CUstream stream) {
    return streamFor("cuStreamQuery", stream);
}

JG_EMU_EXPORT CUresult cuEventCreate(CUevent* event, unsigned int) {
    if (CUresult r = contextFor("cuEventCreate")) return r;
    Event* e = new Event();
    remember(e);
    *event = reinterpret_cast<CUevent>(e);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuEventDestroy_v2(CUevent event) {
    if (CUresult r = contextFor("cuEventDestroy")) return r;
    if (!forget(event)) return fail(CUDA_ERROR_INVALID_HANDLE, "cuEventDestroy: not a live event");
    delete reinterpret_cast<Event*>(event);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuEventRecord(CUevent event, CUstream stream) {
    if (CUresult r = streamFor("cuEventRecord", stream)) return r;
    if (!known(event)) return fail(CUDA_ERROR_INVALID_HANDLE, "cuEventRecord: not a live event");
    Event* e = reinterpret_cast<Event*>(event);
    e->recorded = true;
    e->milliseconds = nowMilliseconds();
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuEventSynchronize(CUevent event) {
    if (CUresult r = contextFor("cuEventSynchronize")) return r;
    return known(event) ? CUDA_SUCCESS : fail(CUDA_ERROR_INVALID_HANDLE, "cuEventSynchronize: not a live event");
}

JG_EMU_EXPORT CUresult cuEventQuery(CUevent event) {
    return cuEventSynchronize(event);
}

/** Host wall time between the two records: the emulator's time, never a GPU's. */
JG_EMU_EXPORT CUresult cuEventElapsedTime(float* milliseconds, CUevent start, CUevent end) {
    if (CUresult r = contextFor("cuEventElapsedTime")) return r;
    if (!known(start) || !known(end)) return fail(CUDA_ERROR_INVALID_HANDLE, "cuEventElapsedTime: not a live event");
    Event *s = reinterpret_cast<Event*>(start), *e = reinterpret_cast<Event*>(end);
    if (!s->recorded || !e->recorded) return fail(CUDA_ERROR_INVALID_HANDLE, "cuEventElapsedTime: an event was never recorded");
    *milliseconds = (float) (e->milliseconds - s->milliseconds);
    return CUDA_SUCCESS;
}

// ---- modules, functions, launches ------------------------------------------------------------------

/** A fatbin (magic 0xBA55ED50), a cubin (ELF) or PTX text: what nvcc makes and the driver loads. */
static bool looksLikeAnImage(const void* image) {
    const unsigned char* p = static_cast<const unsigned char*>(image);
    uint32_t magic;
    memcpy(&magic, p, sizeof magic);
    return magic == 0xBA55ED50u || memcmp(p, "\x7f" "ELF", 4) == 0 || memcmp(p, "//", 2) == 0 || memcmp(p, ".version", 8) == 0;
}

JG_EMU_EXPORT CUresult cuModuleLoadData(CUmodule* module, const void* image) {
    if (CUresult r = contextFor("cuModuleLoadData")) return r;
    if (image == nullptr || !looksLikeAnImage(image))
        return fail(CUDA_ERROR_INVALID_IMAGE, "cuModuleLoadData: not a fatbin, cubin or PTX image");
    std::string why;
    if (kernelLibrary(&why) == nullptr) return fail(CUDA_ERROR_SHARED_OBJECT_INIT_FAILED, "cuModuleLoadData: " + why);
    Module* m = new Module{current};
    remember(m);
    *module = reinterpret_cast<CUmodule>(m);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuModuleLoadDataEx(CUmodule* module, const void* image, unsigned int, CUjit_option*, void**) {
    return cuModuleLoadData(module, image);
}

JG_EMU_EXPORT CUresult cuModuleUnload(CUmodule module) {
    if (CUresult r = contextFor("cuModuleUnload")) return r;
    if (!forget(module)) return fail(CUDA_ERROR_INVALID_HANDLE, "cuModuleUnload: not a loaded module");
    delete reinterpret_cast<Module*>(module);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuModuleGetFunction(CUfunction* function, CUmodule module, const char* name) {
    if (CUresult r = contextFor("cuModuleGetFunction")) return r;
    if (!known(module)) return fail(CUDA_ERROR_INVALID_HANDLE, "cuModuleGetFunction: not a loaded module");
    Kernel* k = findKernel(name);
    if (k == nullptr) return fail(CUDA_ERROR_NOT_FOUND, std::string("cuModuleGetFunction: no kernel named '") + name + "'");
    *function = reinterpret_cast<CUfunction>(k);
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuFuncGetAttribute(int* value, CUfunction_attribute attribute, CUfunction function) {
    if (CUresult r = initializedFor("cuFuncGetAttribute")) return r;
    Kernel& k = *reinterpret_cast<Kernel*>(function);
    switch (attribute) {
        case CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *value = k.maxThreadsPerBlock; return CUDA_SUCCESS;
        case CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES: *value = k.staticSharedBytes; return CUDA_SUCCESS;
        case CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES: *value = 0; return CUDA_SUCCESS;
        case CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES: *value = 0; return CUDA_SUCCESS;
        case CU_FUNC_ATTRIBUTE_NUM_REGS: *value = k.registers; return CUDA_SUCCESS;
        case CU_FUNC_ATTRIBUTE_PTX_VERSION: *value = 90; return CUDA_SUCCESS;
        case CU_FUNC_ATTRIBUTE_BINARY_VERSION: *value = 90; return CUDA_SUCCESS;
        case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES: *value = k.maxDynamicSharedBytes; return CUDA_SUCCESS;
        default: return fail(CUDA_ERROR_NOT_SUPPORTED, "cuFuncGetAttribute: attribute " + std::to_string(attribute) + " is not emulated");
    }
}

JG_EMU_EXPORT CUresult cuFuncSetAttribute(CUfunction function, CUfunction_attribute attribute, int value) {
    if (CUresult r = initializedFor("cuFuncSetAttribute")) return r;
    Kernel& k = *reinterpret_cast<Kernel*>(function);
    if (attribute != CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES)
        return fail(CUDA_ERROR_NOT_SUPPORTED, "cuFuncSetAttribute: attribute " + std::to_string(attribute) + " is not emulated");
    int most = 227 * 1024 - k.staticSharedBytes;
    if (value < 0 || value > most)
        return fail(CUDA_ERROR_INVALID_VALUE, "cuFuncSetAttribute(" + std::string(k.entry->name) + ", MAX_DYNAMIC_SHARED_SIZE_BYTES, "
                + std::to_string(value) + "): at most " + std::to_string(most) + " beside " + std::to_string(k.staticSharedBytes) + " static bytes");
    k.maxDynamicSharedBytes = value;
    return CUDA_SUCCESS;
}

JG_EMU_EXPORT CUresult cuFuncSetCacheConfig(CUfunction, CUfunc_cache) {
    return initializedFor("cuFuncSetCacheConfig");
}

static std::string dims(unsigned x, unsigned y, unsigned z) {
    return std::to_string(x) + "x" + std::to_string(y) + "x" + std::to_string(z);
}

JG_EMU_EXPORT CUresult cuLaunchKernel(CUfunction function, unsigned int gridX, unsigned int gridY, unsigned int gridZ, unsigned int blockX,
                                      unsigned int blockY, unsigned int blockZ, unsigned int sharedBytes, CUstream stream, void** params,
                                      void** extra) {
    if (CUresult r = streamFor("cuLaunchKernel", stream)) return r;
    if (function == nullptr) return fail(CUDA_ERROR_INVALID_HANDLE, "cuLaunchKernel: null function");
    Kernel& k = *reinterpret_cast<Kernel*>(function);
    std::string what = "cuLaunchKernel(" + std::string(k.entry->name) + ", grid " + dims(gridX, gridY, gridZ) + ", block " + dims(blockX, blockY, blockZ)
            + ", " + std::to_string(sharedBytes) + " dynamic shared bytes): ";
    if (extra != nullptr) return fail(CUDA_ERROR_NOT_SUPPORTED, what + "the `extra` argument form is not emulated");
    unsigned long long threads = (unsigned long long) blockX * blockY * blockZ;
    if (gridX == 0 || gridY == 0 || gridZ == 0 || blockX == 0 || blockY == 0 || blockZ == 0)
        return fail(CUDA_ERROR_INVALID_VALUE, what + "a dimension is 0");
    if (blockX > 1024 || blockY > 1024 || blockZ > 64 || threads > 1024)
        return fail(CUDA_ERROR_INVALID_VALUE, what + "a block has at most 1024 threads, 1024 x 1024 x 64");
    if (gridX > 2147483647u || gridY > 65535 || gridZ > 65535)
        return fail(CUDA_ERROR_INVALID_VALUE, what + "the grid is at most 2147483647 x 65535 x 65535 blocks");
    if (threads > (unsigned long long) k.maxThreadsPerBlock)
        return fail(CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, what + std::to_string(threads) + " threads, but the kernel allows " + std::to_string(k.maxThreadsPerBlock)
                + " (" + std::to_string(k.registers) + " registers per thread" + (k.entry->launchBound ? ", __launch_bounds__(" + std::to_string(k.entry->launchBound) + ")" : "") + ")");
    if (sharedBytes > (unsigned) k.maxDynamicSharedBytes)
        return fail(CUDA_ERROR_INVALID_VALUE, what + "dynamic shared memory above the kernel's " + std::to_string(k.maxDynamicSharedBytes) + " bytes ("
                + std::to_string(k.staticSharedBytes) + " static; more needs cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES))");
    if (k.entry->parameters > 0 && params == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, what + "no kernelParams for a kernel with parameters");
    LaunchShape shape{gridX, gridY, gridZ, blockX, blockY, blockZ};
    return launch(k, shape, params);
}
