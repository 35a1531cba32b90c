package org.jgrad.cuda;

import org.jgrad.tensor.DType;

/** How kernel names spell dtypes (JG_FOR_EACH_DTYPE in common.cuh): {@code copy_f32_f16}, {@code binary_add_i64}, ... */
final class KernelNames {
    private KernelNames() {}

    static String suffix(DType t) {
        return switch (t) {
            case BOOL -> "b8";
            case INT32 -> "i32";
            case INT64 -> "i64";
            case FLOAT16 -> "f16";
            case BFLOAT16 -> "bf16";
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
        };
    }
}
