// Memory-bound references: the device-to-device copy that sets the bandwidth ceiling, and two
// fused elementwise ops measured against it. For these ops the only count that matters is bytes:
// each reports GB/s of the fewest bytes it must move (every input read once, every output written
// once), so a version that reads its input twice shows it as a lower rate.
#include <float.h>
#include "lab.cuh"

// ---------------------------------------------------------------------------------------------
// Copy. cudaMemcpy device-to-device is the ceiling every memory-bound kernel is reported against
// (read + write bytes per second); the float4 kernel shows how close a plain kernel gets.
__global__ void copyFloat4(int n4, const float4* __restrict__ x, float4* __restrict__ y) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n4) y[i] = x[i];
}

// ---------------------------------------------------------------------------------------------
// Bias + ReLU: y (R, C) = max(x (R, C) + bias (C), 0), broadcasting bias over rows.
// Fewest bytes: read x, write y (bias is C floats, cached): 8 R C.
// 1. One float per thread: 4-byte accesses, one integer modulo per element.
__global__ void biasReluScalar(int n, int C, const float* __restrict__ x, const float* __restrict__ bias, float* __restrict__ y) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = fmaxf(x[i] + bias[i % C], 0.0f);
}

// 2. One float4 per thread (C a multiple of 4, so a float4 never straddles two rows): 16-byte
//    accesses, a quarter of the instructions.
__global__ void biasReluFloat4(int n4, int C, const float4* __restrict__ x, const float* __restrict__ bias, float4* __restrict__ y) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n4) {
        float4 v = x[i];
        float4 b = *reinterpret_cast<const float4*>(&bias[(i * 4) % C]);
        y[i] = make_float4(fmaxf(v.x + b.x, 0.0f), fmaxf(v.y + b.y, 0.0f), fmaxf(v.z + b.z, 0.0f), fmaxf(v.w + b.w, 0.0f));
    }
}

// ---------------------------------------------------------------------------------------------
// Softmax + cross-entropy, forward and backward fused, one block per row (llm.c's fused classifier):
//   logits (B, V), targets (B) -> losses (B) = logsumexp(row) - row[target],
//                                 dlogits (B, V) = (softmax(row) - onehot(target)) / B,
// the gradient of the mean loss. Fewest bytes: read logits once, write dlogits once: 8 B V.
constexpr int SOFTMAX_THREADS = 1024;

__device__ __forceinline__ float warpMax(float v) {
    for (int o = 16; o > 0; o /= 2) v = fmaxf(v, __shfl_xor_sync(0xFFFFFFFFu, v, o));
    return v;
}
__device__ __forceinline__ float warpSum(float v) {
    for (int o = 16; o > 0; o /= 2) v += __shfl_xor_sync(0xFFFFFFFFu, v, o);
    return v;
}

// Every thread gets the block's max (or sum). The first barrier keeps a previous call's readers
// of `result` safe from this call's writer.
template <bool MAX> __device__ float blockReduce(float v) {
    __shared__ float partial[32];
    __shared__ float result;
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;
    v = MAX ? warpMax(v) : warpSum(v);
    __syncthreads();
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    if (warp == 0) {
        v = lane < warps ? partial[lane] : (MAX ? -FLT_MAX : 0.0f);
        v = MAX ? warpMax(v) : warpSum(v);
        if (lane == 0) result = v;
    }
    __syncthreads();
    return result;
}

// Writes the row's loss and gradient once logZ = log(sum exp(row)) is known (one more read).
__device__ __forceinline__ void writeLossAndGradient(const float* row, float* drow, int V, int target, float logZ,
                                                     float invB, float* loss) {
    if (threadIdx.x == 0) *loss = logZ - row[target];
    for (int i = threadIdx.x; i < V; i += blockDim.x)
        drow[i] = (expf(row[i] - logZ) - (i == target ? 1.0f : 0.0f)) * invB;
}

// 1. Three passes over the row: max, sum of exp(x - max), then loss and gradient.
//    Reads the logits 3 times (the second and third reads often hit L2 for short rows).
__global__ void __launch_bounds__(SOFTMAX_THREADS) softmaxXentThreePass(int B, int V, const float* logits, const int* targets,
                                                                        float* losses, float* dlogits) {
    const float* row = logits + (size_t) blockIdx.x * V;
    float m = -FLT_MAX;
    for (int i = threadIdx.x; i < V; i += blockDim.x) m = fmaxf(m, row[i]);
    m = blockReduce<true>(m);
    float s = 0;
    for (int i = threadIdx.x; i < V; i += blockDim.x) s += expf(row[i] - m);
    s = blockReduce<false>(s);
    writeLossAndGradient(row, dlogits + (size_t) blockIdx.x * V, V, targets[blockIdx.x], m + logf(s), 1.0f / B,
                         &losses[blockIdx.x]);
}

// 2. Online softmax: one pass keeps a running (max m, sum s of exp(x - m)) per thread, rescaling s
//    whenever m grows; threads then agree on the block max M and rescale s by exp(m - M) before
//    summing. Reads the logits twice (float4), writes once.
__global__ void __launch_bounds__(SOFTMAX_THREADS) softmaxXentOnline(int B, int V, const float* logits, const int* targets,
                                                                     float* losses, float* dlogits) {
    const float* row = logits + (size_t) blockIdx.x * V;
    const float4* row4 = reinterpret_cast<const float4*>(row);
    float m = -FLT_MAX, s = 0;
    for (int i = threadIdx.x; i < V / 4; i += blockDim.x) {
        float4 v = row4[i];
        float vmax = fmaxf(fmaxf(v.x, v.y), fmaxf(v.z, v.w));
        if (vmax > m) { s *= expf(m - vmax); m = vmax; }
        s += expf(v.x - m) + expf(v.y - m) + expf(v.z - m) + expf(v.w - m);
    }
    float M = blockReduce<true>(m);
    s = blockReduce<false>(s * expf(m - M));
    writeLossAndGradient(row, dlogits + (size_t) blockIdx.x * V, V, targets[blockIdx.x], M + logf(s), 1.0f / B,
                         &losses[blockIdx.x]);
}

// 3. The row held in registers: each thread loads its VEC float4 of the row once, and max, sum,
//    loss and gradient all come from registers. One read and one write, the fewest bytes.
//    Needs V a multiple of 4 and V <= 4 * VEC * blockDim (32768 with VEC = 8 and 1024 threads).
template <int VEC>
__global__ void __launch_bounds__(SOFTMAX_THREADS) softmaxXentRegisters(int B, int V, const float* logits, const int* targets,
                                                                        float* losses, float* dlogits) {
    const float4* row4 = reinterpret_cast<const float4*>(logits + (size_t) blockIdx.x * V);
    float4* drow4 = reinterpret_cast<float4*>(dlogits + (size_t) blockIdx.x * V);
    const int target = targets[blockIdx.x];
    float4 v[VEC];
    float m = -FLT_MAX;
    #pragma unroll
    for (int j = 0; j < VEC; ++j) {
        int i = threadIdx.x + j * blockDim.x;
        v[j] = i < V / 4 ? row4[i] : make_float4(-FLT_MAX, -FLT_MAX, -FLT_MAX, -FLT_MAX);
        m = fmaxf(m, fmaxf(fmaxf(v[j].x, v[j].y), fmaxf(v[j].z, v[j].w)));
    }
    m = blockReduce<true>(m);
    float s = 0;
    #pragma unroll
    for (int j = 0; j < VEC; ++j)   // padding lanes hold -FLT_MAX: exp(-FLT_MAX - m) = 0
        s += expf(v[j].x - m) + expf(v[j].y - m) + expf(v[j].z - m) + expf(v[j].w - m);
    s = blockReduce<false>(s);
    const float logZ = m + logf(s), invB = 1.0f / B;
    #pragma unroll
    for (int j = 0; j < VEC; ++j) {
        int i = threadIdx.x + j * blockDim.x;
        if (i < V / 4) {
            float4 g;
            g.x = (expf(v[j].x - logZ) - (4 * i + 0 == target ? 1.0f : 0.0f)) * invB;
            g.y = (expf(v[j].y - logZ) - (4 * i + 1 == target ? 1.0f : 0.0f)) * invB;
            g.z = (expf(v[j].z - logZ) - (4 * i + 2 == target ? 1.0f : 0.0f)) * invB;
            g.w = (expf(v[j].w - logZ) - (4 * i + 3 == target ? 1.0f : 0.0f)) * invB;
            drow4[i] = g;
            if (4 * i <= target && target < 4 * i + 4) {
                float x = target == 4 * i ? v[j].x : target == 4 * i + 1 ? v[j].y : target == 4 * i + 2 ? v[j].z : v[j].w;
                losses[blockIdx.x] = logZ - x;
            }
        }
    }
}
constexpr int SOFTMAX_VEC = 8;

// ---------------------------------------------------------------------------------------------
// The runner.
namespace {

constexpr int BLOCK = 256;

Result memoryResult(const char* op, const char* version, const char* name, const std::string& shape, double bytes) {
    Result r;
    r.op = op;
    r.version = version;
    r.name = name;
    r.shape = shape;
    r.dtype = "f32";
    r.bytes = bytes;
    return r;
}

void exactCheck(Check& check, const std::vector<float>& got, const std::vector<float>& want, int columns) {
    check.tolerance = "exact";
    for (size_t i = 0; i < got.size(); ++i) check.compare(got[i], want[i], 0, "y", (long) (i / columns), (long) (i % columns));
}

// 64 Mi floats (256 MiB) per buffer by default: far beyond the 50 MiB L2 of an H100.
size_t elementCount(const LabOptions& options) { return options.quick ? (4u << 20) : (64u << 20); }

void runCopyKernel(const LabOptions& options, Report& report, double ceiling) {
    const size_t n = elementCount(options);
    std::vector<float> host = randomFloats(n, options.seed + 20);
    DeviceBuffer<float> x(n), y(n);
    x.upload(host);
    Result r = memoryResult("copy", "1", "copy kernel, float4", std::to_string(n), 8.0 * n);
    const int n4 = (int) (n / 4);
    auto launch = [&] {
        copyFloat4<<<ceilDiv(n4, BLOCK), BLOCK>>>(n4, reinterpret_cast<const float4*>(x.ptr), reinterpret_cast<float4*>(y.ptr));
        LAUNCH_CHECK();
    };
    Timer timer;
    y.poison();
    launch();
    exactCheck(r.check, y.download(), host, (int) n);
    if (r.check.ok()) r.timing = timer.time(options, launch);
    report.add(r, ceiling);
}

void runBiasRelu(const LabOptions& options, Report& report, double ceiling) {
    const int C = 4096, R = (int) (elementCount(options) / C);
    const int n = R * C;
    std::vector<float> hostX = randomFloats(n, options.seed + 30), hostBias = randomFloats(C, options.seed + 31);
    std::vector<float> want(n);
    for (int i = 0; i < n; ++i) want[i] = std::max(hostX[i] + hostBias[i % C], 0.0f);
    DeviceBuffer<float> x(n), bias(C), y(n);
    x.upload(hostX);
    bias.upload(hostBias);
    const std::string shape = std::to_string(R) + "x" + std::to_string(C);
    struct { const char* id; const char* name; } versions[] = {{"1", "one float per thread"}, {"2", "float4 per thread"}};
    Timer timer;
    for (auto& v : versions) {
        if (!wanted(options, v.id)) continue;
        Result r = memoryResult("bias_relu", v.id, v.name, shape, 8.0 * n + 4.0 * C);
        auto launch = [&] {
            if (v.id[0] == '1') biasReluScalar<<<ceilDiv(n, BLOCK), BLOCK>>>(n, C, x.ptr, bias.ptr, y.ptr);
            else biasReluFloat4<<<ceilDiv(n / 4, BLOCK), BLOCK>>>(n / 4, C, reinterpret_cast<const float4*>(x.ptr), bias.ptr,
                                                                  reinterpret_cast<float4*>(y.ptr));
            LAUNCH_CHECK();
        };
        y.poison();
        launch();
        exactCheck(r.check, y.download(), want, C);
        if (r.check.ok()) r.timing = timer.time(options, launch);
        report.add(r, ceiling);
    }
}

// The CPU twin in double on one row: writes the loss and the gradient row.
void softmaxXentRow(const float* row, int V, int target, int B, double* loss, std::vector<double>& grad) {
    double m = -INFINITY, s = 0;
    for (int i = 0; i < V; ++i) m = std::max(m, (double) row[i]);
    for (int i = 0; i < V; ++i) s += std::exp(row[i] - m);
    double logZ = m + std::log(s);
    *loss = logZ - row[target];
    for (int i = 0; i < V; ++i) grad[i] = (std::exp(row[i] - logZ) - (i == target ? 1.0 : 0.0)) / B;
}

void runSoftmaxXent(const LabOptions& options, Report& report, double ceiling) {
    const int V = 32768, B = (int) (elementCount(options) / V);
    const size_t n = (size_t) B * V;
    std::vector<float> hostLogits = randomFloats(n, options.seed + 40);
    for (float& x : hostLogits) x *= 5;   // probabilities spread over e^10, not all ~1/V
    std::vector<int> hostTargets(B);
    Rng rng(options.seed + 41);
    for (int& t : hostTargets) t = rng.below(V);
    hostTargets[0] = 0;
    if (B > 1) hostTargets[1] = V - 1;   // both ends of a row
    DeviceBuffer<float> logits(n), losses(B), dlogits(n);
    DeviceBuffer<int> targets(B);
    logits.upload(hostLogits);
    targets.upload(hostTargets);
    const std::string shape = std::to_string(B) + "x" + std::to_string(V);
    static_assert(V <= 4 * SOFTMAX_VEC * SOFTMAX_THREADS, "version 3 holds the whole row in registers");
    struct { const char* id; const char* name; } versions[] = {
        {"1", "three passes (3 reads)"}, {"2", "online softmax (2 reads)"}, {"3", "row in registers (1 read)"}};
    Timer timer;
    for (auto& v : versions) {
        if (!wanted(options, v.id)) continue;
        Result r = memoryResult("softmax_xent", v.id, v.name, shape, 8.0 * n + 8.0 * B);
        auto launch = [&] {
            if (v.id[0] == '1') softmaxXentThreePass<<<B, SOFTMAX_THREADS>>>(B, V, logits.ptr, targets.ptr, losses.ptr, dlogits.ptr);
            else if (v.id[0] == '2') softmaxXentOnline<<<B, SOFTMAX_THREADS>>>(B, V, logits.ptr, targets.ptr, losses.ptr, dlogits.ptr);
            else softmaxXentRegisters<SOFTMAX_VEC><<<B, SOFTMAX_THREADS>>>(B, V, logits.ptr, targets.ptr, losses.ptr, dlogits.ptr);
            LAUNCH_CHECK();
        };
        losses.poison();
        dlogits.poison();
        launch();
        std::vector<float> gotLoss = losses.download(), gotGrad = dlogits.download();
        // Rows 0, 1, the last and 61 random ones, each whole: loss within 1e-5 (1 + |loss|),
        // gradient within 1e-4 of itself plus 1e-9 / B (probabilities far below 1/V).
        r.check.tolerance = "loss 1e-5*(1+|want|); grad 1e-4*|want| + 1e-9/B";
        std::vector<int> rows = {0, std::min(1, B - 1), B - 1};
        for (int k = 0; k < 61; ++k) rows.push_back(rng.below(B));
        std::vector<double> grad(V);
        for (int b : rows) {
            double loss;
            softmaxXentRow(&hostLogits[(size_t) b * V], V, hostTargets[b], B, &loss, grad);
            r.check.compare(gotLoss[b], loss, 1e-5 * (1 + std::fabs(loss)), "loss", b, 0);
            for (int i = 0; i < V; ++i)
                r.check.compare(gotGrad[(size_t) b * V + i], grad[i], 1e-4 * std::fabs(grad[i]) + 1e-9 / B, "dlogits", b, i);
        }
        if (r.check.ok()) r.timing = timer.time(options, launch);
        report.add(r, ceiling);
    }
}

}  // namespace

double measureCopyCeilingGBps(const LabOptions& options, Report& report) {
    const size_t n = elementCount(options);
    std::vector<float> host = randomFloats(n, options.seed + 20);
    DeviceBuffer<float> x(n), y(n);
    x.upload(host);
    Result r = memoryResult("copy", "memcpy", "cudaMemcpy device to device (the ceiling)", std::to_string(n), 8.0 * n);
    auto launch = [&] { CUDA_CHECK(cudaMemcpyAsync(y.ptr, x.ptr, x.bytes(), cudaMemcpyDeviceToDevice)); };
    Timer timer;
    y.poison();
    launch();
    exactCheck(r.check, y.download(), host, (int) n);
    if (r.check.ok()) r.timing = timer.time(options, launch);
    report.add(r, 0);
    return r.check.ok() ? r.gbps() : 0;
}

void runMemoryBound(const LabOptions& options, Report& report, double ceilingGBps) {
    runCopyKernel(options, report, ceilingGBps);
    runBiasRelu(options, report, ceilingGBps);
    runSoftmaxXent(options, report, ceilingGBps);
}
