// The grid-stride loop (JG_FOR_EACH, common.cuh) at the largest element count a jgrad array can
// have, 2^31 - 1, without allocating it: the loop's bookkeeping runs for chosen threads of the
// grid CudaBackend launches on an H100 (256 threads x 32 blocks per SM x 132 SMs), through the
// emulated device's thread coordinates. Every index a thread visits must be first, first + step,
// ... below n, never negative, never repeated; and the test shows that the old 32-bit loop
// (`for (int i = ...; i < n; i += blockDim.x * gridDim.x)`, wrapping as the GPU's integers do:
// -fwrapv) breaks exactly there, so the check can fail.
#include <stdio.h>
#include <stdlib.h>

#include "common.cuh"

#define OLD_FOR_EACH(i, n) for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

namespace {

struct Visit {
    long long count = 0;
    bool ordered = true, inRange = true;
};

template <class Loop>
Visit visit(unsigned block, unsigned thread, int n, Loop loop) {
    // threadIdx, blockIdx, blockDim, gridDim (the member names are the emulation's macros here)
    JgEmuThreadState state{make_uint3(thread, 0, 0), make_uint3(block, 0, 0), make_uint3(256, 1, 1), make_uint3(32 * 132, 1, 1)};
    jg_emu_current = &state;
    Visit v;
    long long expected = (long long) block * 256 + thread, step = 256LL * 32 * 132;
    loop(n, [&](long long i) {
        if (i < 0 || i >= n) v.inRange = false;
        if (i != expected) v.ordered = false;
        expected += step;
        return ++v.count < 4000;  // a thread visits at most ceil(n / step) = 2,032 indices
    });
    jg_emu_current = nullptr;
    return v;
}

long long expectedVisits(unsigned block, unsigned thread, long long n) {
    long long first = (long long) block * 256 + thread, step = 256LL * 32 * 132;
    return first >= n ? 0 : (n - first + step - 1) / step;
}

template <class Body> void newLoop(int n, Body body) {
    JG_FOR_EACH(i, n) if (!body(i)) return;
}
template <class Body> void oldLoop(int n, Body body) {
    OLD_FOR_EACH(i, n) if (!body(i)) return;
}

}  // namespace

int main() {
    const int n = 2147483647;
    const unsigned blocks = 32 * 132;
    // The first and last threads of the grid, and threads whose last index lies just below n.
    const unsigned chosen[][2] = {{0, 0}, {0, 255}, {blocks - 1, 255}, {blocks - 1, 0}, {blocks / 2, 17}, {1234, 200}};
    int failures = 0, oldBroken = 0;
    for (const auto& c : chosen) {
        Visit v = visit(c[0], c[1], n, [](int m, auto body) { newLoop(m, body); });
        long long want = expectedVisits(c[0], c[1], n);
        bool ok = v.inRange && v.ordered && v.count == want;
        printf("JG_FOR_EACH n=2^31-1 block %u thread %u: %lld indices (expected %lld), %s\n", c[0], c[1], v.count, want,
               ok ? "in range and in order" : "WRONG");
        failures += !ok;
        Visit old = visit(c[0], c[1], n, [](int m, auto body) { oldLoop(m, body); });
        oldBroken += !(old.inRange && old.ordered && old.count == want);
    }
    printf("the 32-bit loop goes wrong for %d of %zu of these threads\n", oldBroken, sizeof chosen / sizeof chosen[0]);
    if (oldBroken == 0) {
        printf("FAILED: the check did not catch the 32-bit loop's wrap, so it proves nothing\n");
        return 1;
    }
    if (failures) printf("FAILED: %d threads\n", failures);
    return failures ? 1 : 0;
}
