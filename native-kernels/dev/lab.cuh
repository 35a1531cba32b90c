// The kernel lab's shared host machinery: checked CUDA calls, seeded random inputs, timing with
// CUDA events (warm-up, L2 flushed before every timed run, median), and the results table that
// becomes lab.json. Every op file (sgemm.cu, hgemm.cu, memory.cu) includes it; lab.cu owns main.
#pragma once
#include <cuda_runtime.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

// Every runtime call goes through CUDA_CHECK; it names the call, the file and the line, then exits.
#define CUDA_CHECK(call) labCheck((call), #call, __FILE__, __LINE__)
// After every kernel launch: the launch error (bad configuration, too much shared memory).
#define LAUNCH_CHECK() labCheck(cudaGetLastError(), "kernel launch", __FILE__, __LINE__)

inline void labCheck(cudaError_t status, const char* what, const char* file, int line) {
    if (status != cudaSuccess) {
        fprintf(stderr, "[lab] CUDA error %s (%s) in %s at %s:%d\n",
                cudaGetErrorName(status), cudaGetErrorString(status), what, file, line);
        exit(3);
    }
}

inline int ceilDiv(long long a, long long b) { return (int) ((a + b - 1) / b); }

// ---------------------------------------------------------------------------------------------
// Options shared by every op (parsed in lab.cu).
struct LabOptions {
    std::vector<int> gemmSizes;   // square GEMM sizes M = N = K
    bool quick = false;           // small shapes, few repetitions: a smoke run
    int warmup = 2;               // untimed runs before the timed ones
    int minReps = 3;              // slow kernels still get at least this many timed runs
    int maxReps = 50;             // fast kernels stop here
    double budgetMs = 400;        // about this much kernel time per (version, shape)
    uint64_t seed = 1234;
    bool onlyVersion = false;     // --version V: run only that version of each op
    std::string version;
};

// ---------------------------------------------------------------------------------------------
// Seeded random inputs: splitmix64, uniform in [-1, 1). The same seed gives the same tensors.
struct Rng {
    uint64_t state;
    explicit Rng(uint64_t seed) : state(seed * 0x9E3779B97F4A7C15ull + 1) {}
    uint64_t next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    float uniform() { return (float) ((next() >> 40) * (1.0 / 16777216.0)) * 2.0f - 1.0f; }
    int below(int n) { return (int) (next() % (uint64_t) n); }
};

inline std::vector<float> randomFloats(size_t n, uint64_t seed) {
    std::vector<float> v(n);
    Rng rng(seed);
    for (size_t i = 0; i < n; ++i) v[i] = rng.uniform();
    return v;
}

// A device buffer that frees itself.
template <class T> struct DeviceBuffer {
    T* ptr = nullptr;
    size_t count = 0;
    explicit DeviceBuffer(size_t n) : count(n) { CUDA_CHECK(cudaMalloc(&ptr, n * sizeof(T))); }
    ~DeviceBuffer() { if (ptr) cudaFree(ptr); }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    size_t bytes() const { return count * sizeof(T); }
    void upload(const std::vector<T>& h) { CUDA_CHECK(cudaMemcpy(ptr, h.data(), bytes(), cudaMemcpyHostToDevice)); }
    std::vector<T> download() const {
        std::vector<T> h(count);
        CUDA_CHECK(cudaMemcpy(h.data(), ptr, bytes(), cudaMemcpyDeviceToHost));
        return h;
    }
    // All bytes 0xFF: NaN for float and half, so an output the kernel never writes fails the check.
    void poison() { CUDA_CHECK(cudaMemset(ptr, 0xFF, bytes())); }
};

// ---------------------------------------------------------------------------------------------
// Timing. Before every timed run a 256 MiB memset evicts the inputs from L2 (50 MiB on an H100),
// so small shapes are not timed out of cache; events bracket the kernel alone.
struct Timing {
    double medianMs = 0, minMs = 0;
    int reps = 0;
};

class Timer {
  public:
    Timer() : flush_(256u << 20) {
        CUDA_CHECK(cudaEventCreate(&start_));
        CUDA_CHECK(cudaEventCreate(&stop_));
    }
    ~Timer() { cudaEventDestroy(start_); cudaEventDestroy(stop_); }

    // launch() issues one run of the kernel(s) and checks the launch.
    template <class Launch> Timing time(const LabOptions& options, Launch&& launch) {
        double first = once(launch, 0);
        int warm = first > options.budgetMs / 4 ? 0 : options.warmup;  // a slow first run was warm-up enough
        for (int i = 0; i < warm; ++i) once(launch, i + 1);
        int reps = (int) std::min<double>(options.maxReps, std::max<double>(options.minReps, options.budgetMs / std::max(first, 1e-3)));
        std::vector<double> ms(reps);
        for (int i = 0; i < reps; ++i) ms[i] = once(launch, i + 7);
        std::sort(ms.begin(), ms.end());
        Timing t;
        t.reps = reps;
        t.minMs = ms[0];
        t.medianMs = reps % 2 ? ms[reps / 2] : 0.5 * (ms[reps / 2 - 1] + ms[reps / 2]);
        return t;
    }

  private:
    template <class Launch> double once(Launch& launch, int round) {
        CUDA_CHECK(cudaMemsetAsync(flush_.ptr, round & 0xFF, flush_.bytes()));
        CUDA_CHECK(cudaEventRecord(start_));
        launch();
        CUDA_CHECK(cudaEventRecord(stop_));
        CUDA_CHECK(cudaEventSynchronize(stop_));
        float ms = 0;
        CUDA_CHECK(cudaEventElapsedTime(&ms, start_, stop_));
        return ms;
    }
    DeviceBuffer<uint8_t> flush_;
    cudaEvent_t start_, stop_;
};

// ---------------------------------------------------------------------------------------------
// The outcome of a CPU check: how many outputs were compared, the worst error, and the worst
// error as a fraction of its tolerance (<= 1 passes). NaN or inf outputs always fail.
struct Check {
    long compared = 0;
    long failures = 0;
    double maxAbsError = 0;
    double worstRatio = 0;   // max over outputs of |got - want| / tolerance
    std::string firstFailure;
    std::string tolerance;   // how the tolerance was stated, for the report
    bool ok() const { return compared > 0 && failures == 0; }

    void compare(double got, double want, double allowed, const char* where, long i, long j) {
        ++compared;
        double error = std::fabs(got - want);
        bool bad = !std::isfinite(got) || error > allowed;
        if (std::isfinite(got)) {
            maxAbsError = std::max(maxAbsError, error);
            worstRatio = std::max(worstRatio, allowed > 0 ? error / allowed : (error > 0 ? INFINITY : 0));
        } else {
            worstRatio = INFINITY;
        }
        if (bad && failures++ == 0) {
            char text[200];
            snprintf(text, sizeof text, "%s[%ld, %ld] = %.8g, want %.8g (allowed %.3g)", where, i, j, got, want, allowed);
            firstFailure = text;
        }
    }
};

// ---------------------------------------------------------------------------------------------
// One row of the report: an op, a version, a shape; the check; the timing; the rates.
struct Result {
    std::string op, version, name, shape, dtype;
    Check check;
    Timing timing;
    double flops = 0;   // useful floating-point operations of one run (0 for memory-bound ops)
    double bytes = 0;   // the fewest bytes one run must move between DRAM and the chip
    double gflops() const { return flops > 0 ? flops / (timing.medianMs * 1e6) : 0; }
    double gbps() const { return bytes / (timing.medianMs * 1e6); }
};

class Report {
  public:
    void add(const Result& r, double ceilingGBps) {
        results_.push_back(r);
        printf("%-12s %-4s %-44s %-16s %-4s %s", r.op.c_str(), r.version.c_str(), r.name.c_str(), r.shape.c_str(),
               r.dtype.c_str(), r.check.ok() ? "ok  " : "FAIL");
        if (!r.check.ok()) {
            printf(" (%ld of %ld wrong; first: %s)\n", r.check.failures, r.check.compared, r.check.firstFailure.c_str());
            fflush(stdout);
            return;
        }
        printf(" %9.3f ms", r.timing.medianMs);
        if (r.flops > 0) printf(" %9.1f GFLOP/s", r.gflops());
        printf(" %8.1f GB/s", r.gbps());
        if (r.flops == 0 && ceilingGBps > 0) printf(" (%.2f of D2D)", r.gbps() / ceilingGBps);
        printf("\n");
        fflush(stdout);
    }
    const std::vector<Result>& results() const { return results_; }
    int failures() const {
        int n = 0;
        for (const Result& r : results_) n += !r.check.ok();
        return n;
    }
    // ceilingGBps: the measured cudaMemcpy device-to-device rate (read + write bytes per second).
    void writeJson(const char* path, const cudaDeviceProp& device, int driver, double ceilingGBps) const;

  private:
    std::vector<Result> results_;
};

// The memcpy ceiling, measured once by memory.cu and used by every op's printout.
double measureCopyCeilingGBps(const LabOptions& options, Report& report);
void runSgemm(const LabOptions& options, Report& report);
void runHgemm(const LabOptions& options, Report& report);
void runMemoryBound(const LabOptions& options, Report& report, double ceilingGBps);

inline bool wanted(const LabOptions& options, const char* version) {
    return !options.onlyVersion || options.version == version;
}

inline std::string gemmShape(int M, int N, int K) {
    return std::to_string(M) + "x" + std::to_string(N) + "x" + std::to_string(K);
}
