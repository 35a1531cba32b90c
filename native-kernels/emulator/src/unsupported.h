// A driver function the emulator does not implement: it answers CUDA_ERROR_NOT_SUPPORTED and
// names itself (on stderr and in cuGetErrorString), whatever arguments the caller passed. The
// generated unsupported_calls.cpp (build-emulator.sh) holds one per remaining symbol that JCuda's
// libJCudaDriver references, so that library binds completely.
#pragma once

extern "C" int jg_emu_unsupported(const char* function);

#define JG_EMU_UNSUPPORTED(NAME) \
    extern "C" __attribute__((visibility("default"))) int NAME() { return jg_emu_unsupported(#NAME); }
