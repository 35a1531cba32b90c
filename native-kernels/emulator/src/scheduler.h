// The scheduler's state for one launch (scheduler.cpp) and the warp-collective mma.sync (mma.cpp).
#pragma once
#include <setjmp.h>
#include <string>
#include <vector>

#include "emulator.h"
#include "jg_emulated_abi.h"

namespace jgemu {

/** The seeded source of every order the emulator picks (splitmix64). */
struct Random {
    unsigned long long state = 0;
    unsigned long long next();
    /** Uniform in [0, n), n > 0. */
    size_t below(size_t n) { return (size_t) (((unsigned __int128) next() * n) >> 64); }
    void shuffle(std::vector<int>& order);
};

/** One CUDA thread: its coordinates, its saved stack pointer and what it waits for. */
struct Fiber {
    enum Status { RUNNABLE, AT_BARRIER, AT_WARP, DONE };
    JgEmuThreadState state;
    void* stack = nullptr;
    Status status = RUNNABLE;
    int linear = 0;
    // An mma.sync's operands while the fiber waits for its warp (its registers, on its own stack).
    int mmaType = 0;  // 0 float16, 1 bfloat16
    float* d = nullptr;
    const uint32_t* a = nullptr;
    const uint32_t* b = nullptr;
};

struct Launch {
    Kernel* kernel = nullptr;
    const JgEmuKernelLibrary* library = nullptr;
    void** params = nullptr;
    uint3 blockDim, gridDim;
    unsigned long long seed = 0;
    Random random;
    std::vector<Fiber> fibers;   // the block that runs now
    std::vector<int> warpArrivals;  // per warp: lanes waiting at mma.sync
    std::vector<int> order;         // the running order of the block's threads, reused block after block
    Fiber* current = nullptr;    // the fiber that runs now, null while the scheduler does
    void* schedulerStack = nullptr;
    sigjmp_buf faultReturn;
    CUresult result = CUDA_SUCCESS;
    CUresult faultCode = CUDA_SUCCESS;
    std::string reason;

    /** "kernel k, block (x, y, z), thread (x, y, z)". */
    std::string where(const Fiber& f) const;
    void resume(Fiber& f);
    /** Called on the running fiber: records what it waits for and returns to the scheduler. */
    void suspend(Fiber::Status status);
    /** Ends the launch from inside a fiber with an error. */
    void abort(CUresult code, const std::string& why);
    std::vector<char*> stackTops;   // each thread's fiber stack (fiber mode)

    bool prepareThreads();
    bool runBlock(const uint3& block);
    bool runDirect();
    bool checkWarpsConverged();
};

/** The running launch of this host thread (for the calls kernels make). */
Launch* runningLaunch();

/** mma.sync.aligned.m16n8k16.row.col.f32.{f16,bf16}.{f16,bf16}.f32 for the warp's 32 waiting lanes, in lane order. */
void mmaM16N8K16(Fiber* const* lanes);

/** SIGSEGV and SIGFPE from a kernel end its launch; any other goes to the previous handler. */
void installFaultHandlers();

}  // namespace jgemu
