// mma.sync.aligned.m16n8k16.row.col.f32.{f16,bf16}.{f16,bf16}.f32, the one inline PTX instruction
// of jgrad's kernels, as a warp-collective operation:
//
//   D (16×8, f32) = A (16×16, f16 or bf16) · B (16×8) + C (16×8, f32),  C and D the same registers
//
// Which lane holds which element is taken from the PTX ISA's tables "Matrix Fragments for
// mma.m16n8k16 with floating point type" (the .f16/.bf16 multiplicands, .f32 accumulators), written
// here as the ISA states them, element by element, and independently of the Java twin
// (org.jgrad.cuda.TensorCoreGemmTwin), so each checks the other. With groupID = lane >> 2 and
// threadID_in_group = lane % 4:
//
//   A: four .b32 registers holding a0..a7 (ai in register i / 2, the lower 16 bits the even i)
//        row = groupID       for ai, i < 2 or 4 <= i < 6;   groupID + 8 otherwise
//        col = threadID_in_group * 2 + (i & 1)          for i < 4;   ... + 8 for i >= 4
//   B: two .b32 registers holding b0..b3
//        row = threadID_in_group * 2 + (i & 1)          for i < 2;   ... + 8 for i >= 2
//        col = groupID
//   C, D: four .f32 registers c0..c3
//        row = groupID for i < 2;  groupID + 8 otherwise
//        col = threadID_in_group * 2 + (i & 1)
//
// Arithmetic: products of two half-type values are exact in float; the emulator sums the 16
// products and C in double and rounds once to float. A tensor core's internal summation order and
// truncation are not documented: results agree with a GPU's to about a float ulp of the sum, never
// bit for bit (compare with tolerances).
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "scheduler.h"

namespace jgemu {
namespace {

double decode(int type, uint16_t bits) {
    if (type == 1) {
        uint32_t widened = (uint32_t) bits << 16;
        float f;
        memcpy(&f, &widened, sizeof f);
        return f;
    }
    __half_raw raw;
    raw.x = bits;
    return __half2float(__half(raw));
}

uint16_t half(const uint32_t* registers, int element) {
    uint32_t word = registers[element / 2];
    return (uint16_t) (element % 2 == 0 ? word & 0xFFFF : word >> 16);
}

struct Place {
    int row, col;
};

Place aElement(int lane, int i) {
    int group = lane >> 2, inGroup = lane % 4;
    return {(i < 2 || (i >= 4 && i < 6)) ? group : group + 8, inGroup * 2 + (i & 1) + (i >= 4 ? 8 : 0)};
}

Place bElement(int lane, int i) {
    int group = lane >> 2, inGroup = lane % 4;
    return {inGroup * 2 + (i & 1) + (i >= 2 ? 8 : 0), group};
}

Place cElement(int lane, int i) {
    int group = lane >> 2, inGroup = lane % 4;
    return {i < 2 ? group : group + 8, inGroup * 2 + (i & 1)};
}

}  // namespace

void mmaM16N8K16(Fiber* const* lanes) {
    int type = lanes[0]->mmaType;
    double a[16][16], bColumns[8][16], c[16][8];  // B kept by column, so each sum reads two contiguous rows
    for (int lane = 0; lane < 32; ++lane) {
        const Fiber& f = *lanes[lane];
        for (int i = 0; i < 8; ++i) {
            Place p = aElement(lane, i);
            a[p.row][p.col] = decode(type, half(f.a, i));
        }
        for (int i = 0; i < 4; ++i) {
            Place p = bElement(lane, i);
            bColumns[p.col][p.row] = decode(type, half(f.b, i));
        }
        for (int i = 0; i < 4; ++i) {
            Place p = cElement(lane, i);
            c[p.row][p.col] = f.d[i];
        }
    }
    for (int lane = 0; lane < 32; ++lane) {
        for (int i = 0; i < 4; ++i) {
            Place p = cElement(lane, i);
            double sum = c[p.row][p.col];
            for (int k = 0; k < 16; ++k) sum += a[p.row][k] * bColumns[p.col][k];
            lanes[lane]->d[i] = (float) sum;
        }
    }
}

static void waitForWarp(int type, float* d, const uint32_t* a, const uint32_t* b) {
    Launch& l = *runningLaunch();
    Fiber& f = *l.current;
    f.mmaType = type;
    f.d = d;
    f.a = a;
    f.b = b;
    l.suspend(Fiber::AT_WARP);
}

}  // namespace jgemu

extern "C" __attribute__((visibility("default"))) void jg_emu_mma_m16n8k16_f16(float* d, const uint32_t* a, const uint32_t* b) {
    jgemu::waitForWarp(0, d, a, b);
}

extern "C" __attribute__((visibility("default"))) void jg_emu_mma_m16n8k16_bf16(float* d, const uint32_t* a, const uint32_t* b) {
    jgemu::waitForWarp(1, d, a, b);
}
