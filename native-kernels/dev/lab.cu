// The kernel lab's runner: every op's ladder checked against the CPU, then timed; one JSON file.
//   lab [--ops sgemm,hgemm,memory] [--sizes 4096,2048,1024] [--version V] [--quick]
//       [--reps-max N] [--budget-ms MS] [--seed S] [--json FILE]
// Exit status: 0 all checks passed, 1 a check failed, 2 bad usage, 3 a CUDA error, 4 no device.
#include <string.h>
#include <time.h>
#include "lab.cuh"

namespace {

void usage(const char* problem) {
    fprintf(stderr, "lab: %s\n"
            "usage: lab [--ops sgemm,hgemm,memory] [--sizes 4096,2048,1024] [--version V] [--quick]\n"
            "           [--reps-max N] [--budget-ms MS] [--seed S] [--json FILE]\n", problem);
    exit(2);
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        if (comma > start) parts.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return parts;
}

int positive(const char* flag, const char* value) {
    char* end;
    long v = strtol(value, &end, 10);
    if (*end || v <= 0 || v > 1 << 16) usage((std::string(flag) + " wants a positive integer, got '" + value + "'").c_str());
    return (int) v;
}

void jsonString(FILE* f, const std::string& s) {
    fputc('"', f);
    for (char c : s) {
        if (c == '"' || c == '\\') fputc('\\', f);
        if ((unsigned char) c >= 0x20) fputc(c, f);
    }
    fputc('"', f);
}

// JSON has no NaN or infinity: write null for them.
void jsonNumber(FILE* f, double v) {
    if (std::isfinite(v)) fprintf(f, "%.6g", v);
    else fputs("null", f);
}

}  // namespace

void Report::writeJson(const char* path, const cudaDeviceProp& device, int driver, double ceilingGBps) const {
    FILE* f = fopen(path, "w");
    if (!f) { fprintf(stderr, "lab: cannot write %s\n", path); exit(2); }
    char date[32];
    time_t now = time(nullptr);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    fprintf(f, "{\n  \"tool\": \"lab\",\n  \"device\": ");
    jsonString(f, device.name);
    fprintf(f, ",\n  \"compute_capability\": \"%d.%d\",\n  \"sms\": %d,\n  \"driver\": %d,\n  \"runtime\": %d,\n  \"date\": \"%s\",\n",
            device.major, device.minor, device.multiProcessorCount, driver, CUDART_VERSION, date);
    fprintf(f, "  \"d2d_gbps\": ");
    jsonNumber(f, ceilingGBps);
    fprintf(f, ",\n  \"results\": [\n");
    for (size_t i = 0; i < results_.size(); ++i) {
        const Result& r = results_[i];
        fprintf(f, "    {\"op\": ");
        jsonString(f, r.op);
        fprintf(f, ", \"version\": ");
        jsonString(f, r.version);
        fprintf(f, ", \"name\": ");
        jsonString(f, r.name);
        fprintf(f, ", \"shape\": ");
        jsonString(f, r.shape);
        fprintf(f, ", \"dtype\": ");
        jsonString(f, r.dtype);
        fprintf(f, ", \"ok\": %s, \"compared\": %ld, \"failures\": %ld, \"max_abs_error\": ", r.check.ok() ? "true" : "false",
                r.check.compared, r.check.failures);
        jsonNumber(f, r.check.maxAbsError);
        fprintf(f, ", \"worst_error_ratio\": ");
        jsonNumber(f, r.check.worstRatio);
        fprintf(f, ", \"tolerance\": ");
        jsonString(f, r.check.tolerance);
        if (!r.check.ok()) {
            fprintf(f, ", \"first_failure\": ");
            jsonString(f, r.check.firstFailure);
        } else {
            fprintf(f, ", \"reps\": %d, \"median_ms\": ", r.timing.reps);
            jsonNumber(f, r.timing.medianMs);
            fprintf(f, ", \"min_ms\": ");
            jsonNumber(f, r.timing.minMs);
            fprintf(f, ", \"gflops\": ");
            jsonNumber(f, r.gflops());
            fprintf(f, ", \"gbps\": ");
            jsonNumber(f, r.gbps());
        }
        fprintf(f, "}%s\n", i + 1 < results_.size() ? "," : "");
    }
    fprintf(f, "  ]\n}\n");
    if (fclose(f) != 0) { fprintf(stderr, "lab: error writing %s\n", path); exit(2); }
}

int main(int argc, char** argv) {
    LabOptions options;
    std::vector<std::string> ops = {"memory", "sgemm", "hgemm"};
    std::string sizes, json = "lab.json";
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        if (flag == "--quick") { options.quick = true; continue; }
        if (flag == "--help" || flag == "-h") usage("help");
        if (i + 1 >= argc) usage(("missing value after " + flag).c_str());
        const char* value = argv[++i];
        if (flag == "--ops") ops = split(value);
        else if (flag == "--sizes") sizes = value;
        else if (flag == "--version") { options.onlyVersion = true; options.version = value; }
        else if (flag == "--reps-max") options.maxReps = positive("--reps-max", value);
        else if (flag == "--budget-ms") options.budgetMs = positive("--budget-ms", value);
        else if (flag == "--seed") options.seed = (uint64_t) positive("--seed", value);
        else if (flag == "--json") json = value;
        else usage(("unknown flag " + flag).c_str());
    }
    for (const std::string& op : ops)
        if (op != "memory" && op != "sgemm" && op != "hgemm") usage(("unknown op '" + op + "' (sgemm, hgemm, memory)").c_str());
    if (sizes.empty()) sizes = options.quick ? "1024,256" : "4096,2048,1024";
    for (const std::string& s : split(sizes)) {
        int size = positive("--sizes", s.c_str());
        if ((double) size * size >= 2147483647.0) usage("--sizes: M*K must fit in a 32-bit index");
        options.gemmSizes.push_back(size);
    }
    if (options.quick) { options.maxReps = std::min(options.maxReps, 10); options.budgetMs = std::min(options.budgetMs, 100.0); }
    options.minReps = std::min(options.minReps, options.maxReps);

    int devices = 0;
    cudaError_t status = cudaGetDeviceCount(&devices);
    if (status != cudaSuccess || devices == 0) {
        printf("[lab] no CUDA device present (%s): nothing to run\n", status != cudaSuccess ? cudaGetErrorString(status) : "0 devices");
        return 4;
    }
    cudaDeviceProp device;
    int driver = 0;
    CUDA_CHECK(cudaGetDeviceProperties(&device, 0));
    CUDA_CHECK(cudaDriverGetVersion(&driver));
    printf("[lab] %s, compute capability %d.%d, %d SMs, %.0f MiB L2, driver %d, runtime %d\n", device.name, device.major,
           device.minor, device.multiProcessorCount, device.l2CacheSize / 1048576.0, driver, CUDART_VERSION);

    Report report;
    double ceiling = measureCopyCeilingGBps(options, report);
    for (const std::string& op : ops) {
        if (op == "memory") runMemoryBound(options, report, ceiling);
        else if (op == "sgemm") runSgemm(options, report);
        else if (op == "hgemm") runHgemm(options, report);
    }
    report.writeJson(json.c_str(), device, driver, ceiling);
    printf("[lab] %zu results, %d failed checks, D2D ceiling %.0f GB/s -> %s\n", report.results().size(), report.failures(),
           ceiling, json.c_str());
    return report.failures() ? 1 : 0;
}
