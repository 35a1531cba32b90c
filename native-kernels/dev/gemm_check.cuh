// The CPU reference of C = A B (row-major A (M, K), B (K, N), C (M, N)): a double-accumulating
// dot product per output. Small problems are checked whole; large ones on a sample that still
// touches every kind of position: the first and last row, the first and last column (every
// block-tile edge along them), and 4096 random outputs.
//
// Tolerance, per output: |got - want| <= rtol * sum_k |a_ik b_kj| + otol * |want|.
// The first term bounds float32 accumulation (rtol = 2^-16 is ~500 float32 ulps of the
// magnitude sum, far above the ~sqrt(K) ulps a correct kernel shows, far below the error of a
// missing or doubled term, ~|a b| ~ 0.25); the second covers rounding the output (float16: 2^-11).
#pragma once
#include "lab.cuh"

struct GemmTolerance {
    double rtol;   // times sum_k |a_ik b_kj|
    double otol;   // times |want|: the output's own rounding
};

// Built once per problem (it keeps A and a transposed copy of B, so both dot-product operands
// are read contiguously), then asked to check any number of results.
class GemmReference {
  public:
    GemmReference(const std::vector<float>& A, const std::vector<float>& B, int M, int N, int K)
        : A_(A), Bt_((size_t) N * K), M_(M), N_(N), K_(K) {
        for (int k = 0; k < K; ++k)
            for (int j = 0; j < N; ++j) Bt_[(size_t) j * K + k] = B[(size_t) k * N + j];
    }

    Check check(const std::vector<float>& C, GemmTolerance tol, uint64_t seed) const {
        Check check;
        char text[120];
        snprintf(text, sizeof text, "|err| <= %.3g*sum|ab| + %.3g*|want|", tol.rtol, tol.otol);
        check.tolerance = text;
        auto one = [&](int i, int j) {
            const float* a = &A_[(size_t) i * K_];
            const float* b = &Bt_[(size_t) j * K_];
            double sum = 0, magnitude = 0;
            for (int k = 0; k < K_; ++k) {
                double p = (double) a[k] * (double) b[k];
                sum += p;
                magnitude += std::fabs(p);
            }
            check.compare(C[(size_t) i * N_ + j], sum, tol.rtol * magnitude + tol.otol * std::fabs(sum), "C", i, j);
        };
        if ((double) M_ * N_ * K_ <= (double) (1 << 28)) {
            for (int i = 0; i < M_; ++i)
                for (int j = 0; j < N_; ++j) one(i, j);
            return check;
        }
        for (int j = 0; j < N_; ++j) { one(0, j); one(M_ - 1, j); }
        for (int i = 1; i < M_ - 1; ++i) { one(i, 0); one(i, N_ - 1); }
        Rng rng(seed);
        for (int s = 0; s < 4096; ++s) one(rng.below(M_), rng.below(N_));
        return check;
    }

  private:
    const std::vector<float>& A_;
    std::vector<float> Bt_;
    int M_, N_, K_;
};
