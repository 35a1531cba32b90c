// How the emulated device runs a launch: synchronously, on the calling thread, one block after
// another in a seeded random order, each block's threads as cooperative fibers.
//
// A block runs in rounds. In a round every runnable fiber runs, in a freshly shuffled order, until
// it reaches a scheduling point: __syncthreads (it waits for the block), a warp-collective mma.sync
// (it waits for its warp's 32 lanes; when the last arrives the warp performs it and its lanes go
// back into the round at random later places), an atomic (it goes back into the round at a random
// later place) or its end. After a round every live fiber waits at __syncthreads and the barrier
// opens; lanes still waiting at an mma.sync then mean their warp diverged, reported with who waits
// where. So a missing barrier lets some threads run ahead
// of others in an order that changes with the seed, and a shared-memory race shows as a wrong
// result; __shared__ variables hold 0xFF bytes at the start of every block of a kernel that has any.
//
// Kernels without a barrier (ptxas reports "used 0 barriers" for sm_90) need no fibers: their
// threads run one after another as plain calls, in a shuffled order, each to its end; an atomic
// is then not a scheduling point. A __syncthreads or mma.sync reached by such a kernel is an error
// (the kernel library and the fatbin disagree).
//
// Faults: an access to a guard page, a freed allocation or any unmapped address raises SIGSEGV in
// the fiber; the handler, when the signal comes from a kernel of this thread, records the kernel,
// block, thread and the address's relation to the nearest allocation and jumps back to the launch,
// which answers CUDA_ERROR_ILLEGAL_ADDRESS. Signals that are not the emulator's go to the handler
// that was installed before (the JVM's, which uses SIGSEGV and SIGFPE itself).
//
// Seeds: JGRAD_EMULATOR_SEED (default 1) and the launch's number give each launch its orders; the
// seed is named in every failure, and the same seed replays the same interleaving.
#include <mutex>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <vector>

#include "emulator.h"
#include "scheduler.h"

extern "C" {
void jg_emu_switch(void** save, void* next);
void jg_emu_fiber_start();
}

__attribute__((visibility("default"))) const JgEmuThreadState* jg_emu_current = nullptr;

namespace jgemu {
namespace {

const size_t STACK_BYTES = 256 * 1024;
const size_t PAGE = 4096;

std::mutex launchLock;  // one launch at a time: __shared__ variables are process-wide statics
unsigned long long launchCount = 0;
__thread Launch* running = nullptr;  // the launch this host thread executes, if any

std::vector<char*> stacks;  // fiber stacks, each above a guard page; grown on demand, reused

char* stackFor(size_t index) {
    while (stacks.size() <= index) {
        void* m = mmap(nullptr, STACK_BYTES + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m == MAP_FAILED) return nullptr;
        mprotect(m, PAGE, PROT_NONE);
        stacks.push_back(static_cast<char*>(m) + PAGE);
    }
    return stacks[index];
}

unsigned long long seedBase() {
    static const unsigned long long seed = [] {
        const char* s = getenv("JGRAD_EMULATOR_SEED");
        return s ? strtoull(s, nullptr, 10) : 1ULL;
    }();
    return seed;
}

std::string coordinates(const uint3& v) {
    return "(" + std::to_string(v.x) + ", " + std::to_string(v.y) + ", " + std::to_string(v.z) + ")";
}

}  // namespace

Launch* runningLaunch() { return running; }

// ---- random orders ----------------------------------------------------------------------------------

unsigned long long Random::next() {
    // splitmix64
    unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void Random::shuffle(std::vector<int>& order) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[below(i)]);
}

// ---- a fiber's life -----------------------------------------------------------------------------------

std::string Launch::where(const Fiber& f) const {
    return "kernel " + std::string(kernel->entry->name) + ", block " + coordinates(f.state.blockIdx) + ", thread "
            + coordinates(f.state.threadIdx);
}

void Launch::resume(Fiber& f) {
    current = &f;
    jg_emu_current = &f.state;
    jg_emu_switch(&schedulerStack, f.stack);
    current = nullptr;
    jg_emu_current = nullptr;
}

void Launch::suspend(Fiber::Status status) {
    if (kernel->direct) {
        if (status == Fiber::RUNNABLE) return;  // an atomic: nothing else runs in between
        result = fail(CUDA_ERROR_LAUNCH_FAILED, where(*current) + (status == Fiber::AT_WARP ? ": mma.sync" : ": __syncthreads")
                + " in a kernel whose sm_90 build has no barrier (the emulator's kernel library and ptxas.log disagree)");
        siglongjmp(faultReturn, 2);
    }
    Fiber& f = *current;
    f.status = status;
    jg_emu_switch(&f.stack, schedulerStack);
}

void Launch::abort(CUresult code, const std::string& why) {
    if (result == CUDA_SUCCESS) {
        result = code;
        reason = why;
    }
    if (kernel->direct) siglongjmp(faultReturn, 2);  // a plain call: back to the launch at once
    suspend(Fiber::DONE);
}

}  // namespace jgemu

extern "C" __attribute__((used)) void jg_emu_fiber_main(jgemu::Fiber* f) {
    jgemu::Launch& launch = *jgemu::running;
    launch.kernel->entry->invoke(launch.kernel->entry->function, launch.params);
    launch.suspend(jgemu::Fiber::DONE);
    abort();  // a finished fiber is never resumed
}

namespace jgemu {

/** The floating-point control state every fiber starts with: the launching thread's. */
struct FloatControl {
    unsigned int mxcsr;
    unsigned short fcw;
};

static FloatControl floatControl() {
    FloatControl c;
    __asm__ volatile("stmxcsr %0" : "=m"(c.mxcsr));
    __asm__ volatile("fnstcw %0" : "=m"(c.fcw));
    return c;
}

/** Prepares a fiber whose first resume enters jg_emu_fiber_start with the fiber in %r12 (context_switch.S). */
static void prepare(Fiber& f, char* stack, const FloatControl& control) {
    uintptr_t top = (reinterpret_cast<uintptr_t>(stack) + STACK_BYTES) & ~uintptr_t(15);
    uint64_t* frame = reinterpret_cast<uint64_t*>(top - 80);
    memset(frame, 0, 80);
    memcpy(reinterpret_cast<char*>(frame), &control.fcw, sizeof control.fcw);
    memcpy(reinterpret_cast<char*>(frame) + 8, &control.mxcsr, sizeof control.mxcsr);
    frame[5] = reinterpret_cast<uint64_t>(&f);                       // %r12
    frame[8] = reinterpret_cast<uint64_t>(&jg_emu_fiber_start);      // the return address
    f.stack = frame;
    f.status = Fiber::RUNNABLE;
}

/** One fiber per thread of a block, their coordinates set once per launch; stacks for fiber mode. */
bool Launch::prepareThreads() {
    int threads = (int) (blockDim.x * blockDim.y * blockDim.z);
    fibers.assign(threads, Fiber{});
    int t = 0;
    for (unsigned z = 0; z < blockDim.z; ++z)
        for (unsigned y = 0; y < blockDim.y; ++y)
            for (unsigned x = 0; x < blockDim.x; ++x, ++t) {
                Fiber& f = fibers[t];
                f.linear = t;
                f.state.threadIdx = make_uint3(x, y, z);
                f.state.blockDim = blockDim;
                f.state.gridDim = gridDim;
            }
    if (kernel->direct) return true;
    stackTops.resize(threads);
    for (t = 0; t < threads; ++t) {
        stackTops[t] = stackFor(t);
        if (stackTops[t] == nullptr) {
            result = fail(CUDA_ERROR_OUT_OF_MEMORY, "no memory for the fibers of " + std::to_string(threads) + " threads");
            return false;
        }
    }
    return true;
}

// ---- one block ------------------------------------------------------------------------------------------

bool Launch::runBlock(const uint3& block) {
    // A kernel whose sm_90 build has no static shared memory touches no __shared__ variable.
    const JgEmuKernelLibrary* own = kernel->library;
    if (kernel->staticSharedBytes > 0)
        for (int v = 0; v < own->sharedCount; ++v) memset(own->shared[v].address, 0xFF, own->shared[v].bytes);
    int threads = (int) fibers.size();
    for (Fiber& f : fibers) f.state.blockIdx = block;
    if (kernel->direct) return runDirect();
    FloatControl control = floatControl();
    for (int t = 0; t < threads; ++t) prepare(fibers[t], stackTops[t], control);
    warpArrivals.assign((threads + 31) / 32, 0);
    for (;;) {
        order.clear();
        for (int t = 0; t < threads; ++t)
            if (fibers[t].status == Fiber::RUNNABLE) order.push_back(t);
        random.shuffle(order);
        for (size_t i = 0; i < order.size(); ++i) {
            Fiber& f = fibers[order[i]];
            resume(f);
            if (result != CUDA_SUCCESS) return false;
            if (f.status == Fiber::RUNNABLE) {  // it yielded at an atomic: it runs again later in this round
                order.insert(order.begin() + (long) (i + 1 + random.below(order.size() - i)), f.linear);
            } else if (f.status == Fiber::AT_WARP) {
                // The warp's 32nd lane arrived: perform its mma.sync now and let the lanes go on in this round.
                int first = f.linear / 32 * 32;
                if (++warpArrivals[f.linear / 32] == 32) {
                    warpArrivals[f.linear / 32] = 0;
                    Fiber* warp[32];
                    for (int l = 0; l < 32; ++l) warp[l] = &fibers[first + l];
                    mmaM16N8K16(warp);
                    for (int l = 0; l < 32; ++l) {
                        warp[l]->status = Fiber::RUNNABLE;
                        order.insert(order.begin() + (long) (i + 1 + random.below(order.size() - i)), first + l);
                    }
                }
            }
        }
        if (!checkWarpsConverged()) return false;
        // Every live fiber waits at __syncthreads now (atomics and warp operations resume within the round).
        bool live = false;
        for (Fiber& f : fibers)
            if (f.status == Fiber::AT_BARRIER) {
                f.status = Fiber::RUNNABLE;
                live = true;
            }
        if (!live) return true;
    }
}


/** A block of a kernel without barriers: each thread a plain call on this stack, in a shuffled order. */
bool Launch::runDirect() {
    order.resize(fibers.size());
    for (size_t t = 0; t < order.size(); ++t) order[t] = (int) t;
    random.shuffle(order);
    for (int t : order) {
        Fiber& f = fibers[t];
        current = &f;
        jg_emu_current = &f.state;
        kernel->entry->invoke(kernel->entry->function, params);
        current = nullptr;
        jg_emu_current = nullptr;
        if (result != CUDA_SUCCESS) return false;
    }
    return true;
}

/**
 * After a round no lane is runnable, and a warp's mma.sync was performed when its 32nd lane
 * arrived: lanes still waiting at one mean the warp diverged (some lanes exited or wait at
 * __syncthreads, or the block's last warp is partial).
 */
bool Launch::checkWarpsConverged() {
    int threads = (int) fibers.size();
    for (int w = 0; w * 32 < threads; ++w) {
        if (warpArrivals[w] == 0) continue;
        std::string others;
        for (int l = 32 * w; l < std::min(32 * w + 32, threads); ++l)
            if (fibers[l].status != Fiber::AT_WARP && others.size() < 200)
                others += "; thread " + coordinates(fibers[l].state.threadIdx) + (fibers[l].status == Fiber::DONE ? " exited" : " waits at __syncthreads");
        result = fail(CUDA_ERROR_LAUNCH_FAILED, where(fibers[32 * w]) + ": mma.sync.aligned reached by " + std::to_string(warpArrivals[w])
                + " of warp " + std::to_string(w) + "'s 32 lanes (a warp's lanes diverged, or the block's last warp has fewer than 32)"
                + others + "; seed " + std::to_string(seed));
        return false;
    }
    return true;
}

// ---- the launch -------------------------------------------------------------------------------------------

CUresult launch(Kernel& kernel, const LaunchShape& shape, void** params) {
    std::string why;
    const JgEmuKernelLibrary* library = kernelLibrary(&why);
    if (library == nullptr) return fail(CUDA_ERROR_NOT_FOUND, why);
    std::lock_guard<std::mutex> guard(launchLock);
    recordLaunch(kernel);
    Launch l;
    l.kernel = &kernel;
    l.library = library;
    l.params = params;
    l.blockDim = make_uint3(shape.blockX, shape.blockY, shape.blockZ);
    l.gridDim = make_uint3(shape.gridX, shape.gridY, shape.gridZ);
    l.seed = seedBase() * 1000003ULL + ++launchCount;
    l.random.state = l.seed;
    unsigned long long blocks = (unsigned long long) shape.gridX * shape.gridY * shape.gridZ;
    std::vector<int> order((size_t) blocks);
    for (size_t b = 0; b < order.size(); ++b) order[b] = (int) b;
    l.random.shuffle(order);

    running = &l;
    if (!l.prepareThreads()) {
        running = nullptr;
        return l.result;
    }
    if (sigsetjmp(l.faultReturn, 1) == 0) {
        for (int b : order) {
            uint3 block = make_uint3(b % shape.gridX, b / shape.gridX % shape.gridY, b / (shape.gridX * shape.gridY));
            if (!l.runBlock(block)) break;
        }
    } else if (l.result == CUDA_SUCCESS) {
        l.result = l.faultCode;  // the fibers' stacks are abandoned; the next block prepares them afresh
    }
    running = nullptr;
    jg_emu_current = nullptr;
    if (l.result != CUDA_SUCCESS && !l.reason.empty()) fail(l.result, l.reason);
    return l.result;
}

// ---- faults -------------------------------------------------------------------------------------------------

namespace {

struct sigaction previousSegv, previousFpe;

void chain(const struct sigaction& previous, int signal, siginfo_t* info, void* context) {
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction) previous.sa_sigaction(signal, info, context);
        return;
    }
    if (previous.sa_handler == SIG_IGN) return;
    if (previous.sa_handler == SIG_DFL) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigaction(signal, &dfl, nullptr);
        return;  // the faulting instruction runs again and ends the process as it would have
    }
    previous.sa_handler(signal);
}

void onFault(int signal, siginfo_t* info, void* context) {
    Launch* l = running;
    if (l == nullptr || l->current == nullptr) {
        chain(signal == SIGSEGV ? previousSegv : previousFpe, signal, info, context);
        return;
    }
    uintptr_t address = reinterpret_cast<uintptr_t>(info->si_addr);
    std::string what;
    if (signal == SIGSEGV) {
        const ucontext_t* uc = static_cast<const ucontext_t*>(context);
        bool write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
        what = std::string("illegal ") + (write ? "write" : "read") + ": " + describeFaultAddress(address);
        l->faultCode = CUDA_ERROR_ILLEGAL_ADDRESS;
    } else {
        what = "integer division by zero (a GPU gives an undefined value; the kernel divides by a zero extent or count)";
        l->faultCode = CUDA_ERROR_LAUNCH_FAILED;
    }
    l->reason = l->where(*l->current) + ": " + what + "; seed " + std::to_string(l->seed);
    siglongjmp(l->faultReturn, 1);
}

}  // namespace

void installFaultHandlers() {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = onFault;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, &previousSegv);
    sigaction(SIGFPE, &action, &previousFpe);
}

}  // namespace jgemu

// ---- what kernels call ----------------------------------------------------------------------------------------

extern "C" {

__attribute__((visibility("default"))) void jg_emu_syncthreads(void) {
    jgemu::running->suspend(jgemu::Fiber::AT_BARRIER);
}

__attribute__((visibility("default"))) void jg_emu_yield(void) {
    jgemu::running->suspend(jgemu::Fiber::RUNNABLE);
}

__attribute__((visibility("default"))) void jg_emu_trap(void) {
    jgemu::Launch& l = *jgemu::running;
    l.abort(CUDA_ERROR_LAUNCH_FAILED, l.where(*l.current) + ": __trap(); seed " + std::to_string(l.seed));
    abort();
}

}
