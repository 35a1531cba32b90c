// The one emulated device: an H100 SXM's limits (NVIDIA's H100 datasheet and the CUDA C++
// Programming Guide's table for compute capability 9.0), so launches that an H100 refuses are
// refused here with the driver's error, and compute capability 9.0, so the tensor-core paths run.
#include "emulator.h"

namespace jgemu {

const char* const DEVICE_NAME = "jgrad emulated CUDA device (H100 limits, compute capability 9.0; not a GPU)";

bool deviceAttribute(int attribute, int* value) {
    switch (attribute) {
        case CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *value = 1024; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X: *value = 1024; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Y: *value = 1024; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Z: *value = 64; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X: *value = 2147483647; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y: *value = 65535; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Z: *value = 65535; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK: *value = 48 * 1024; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN: *value = 227 * 1024; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR: *value = 228 * 1024; return true;
        case CU_DEVICE_ATTRIBUTE_TOTAL_CONSTANT_MEMORY: *value = 64 * 1024; return true;
        case CU_DEVICE_ATTRIBUTE_WARP_SIZE: *value = 32; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_REGISTERS_PER_BLOCK: *value = 65536; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_REGISTERS_PER_MULTIPROCESSOR: *value = 65536; return true;
        case CU_DEVICE_ATTRIBUTE_CLOCK_RATE: *value = 1980000; return true;             // kHz
        case CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE: *value = 2619000; return true;      // kHz
        case CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH: *value = 5120; return true;   // bits
        case CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE: *value = 50 * 1024 * 1024; return true;
        case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: *value = 132; return true;
        case CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_MULTIPROCESSOR: *value = 2048; return true;
        case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: *value = 9; return true;
        case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: *value = 0; return true;
        case CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING: *value = 1; return true;
        case CU_DEVICE_ATTRIBUTE_CONCURRENT_KERNELS: *value = 1; return true;
        case CU_DEVICE_ATTRIBUTE_ASYNC_ENGINE_COUNT: *value = 3; return true;
        case CU_DEVICE_ATTRIBUTE_INTEGRATED: *value = 0; return true;
        case CU_DEVICE_ATTRIBUTE_ECC_ENABLED: *value = 0; return true;
        case CU_DEVICE_ATTRIBUTE_PCI_BUS_ID: *value = 0; return true;
        case CU_DEVICE_ATTRIBUTE_PCI_DEVICE_ID: *value = 0; return true;
        case CU_DEVICE_ATTRIBUTE_PCI_DOMAIN_ID: *value = 0; return true;
        case CU_DEVICE_ATTRIBUTE_COMPUTE_MODE: *value = CU_COMPUTEMODE_DEFAULT; return true;
        case CU_DEVICE_ATTRIBUTE_KERNEL_EXEC_TIMEOUT: *value = 0; return true;
        case CU_DEVICE_ATTRIBUTE_MANAGED_MEMORY: *value = 0; return true;
        case CU_DEVICE_ATTRIBUTE_COOPERATIVE_LAUNCH: *value = 0; return true;
        default: return false;
    }
}

}  // namespace jgemu
