package org.jgrad.cuda;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * One call into the CUDA driver, as {@link CudaDevice#call} makes it. JCuda's functions return a
 * status and, with exceptions enabled, throw {@link CudaException} whose message is the status's
 * name only; {@link #describe} turns it into "cuMemAlloc: CUDA_ERROR_OUT_OF_MEMORY (out of
 * memory)" with the driver's own description ({@code cuGetErrorString}), which on the emulated
 * device names the kernel, thread and address of a fault.
 */
@FunctionalInterface
interface DriverCall {
    int run();

    /** The status codes by JCuda's names, to ask the driver for a failed call's description. */
    Map<String, Integer> CODES = codes();

    /** A failed call's exception: its name, the status and the driver's description of it. */
    static CudaException describe(String call, CudaException e) {
        String status = String.valueOf(e.getMessage());
        Integer code = CODES.get(status);
        String text = null;
        if (code != null) {
            String[] description = {null};
            try {
                if (JCudaDriver.cuGetErrorString(code, description) == CUresult.CUDA_SUCCESS) text = description[0];
            } catch (CudaException | LinkageError ignored) {
                // no description: the status name says enough
            }
        }
        CudaException described = new CudaException(call + ": " + status + (text == null ? "" : " (" + text + ")"));
        described.initCause(e);
        return described;
    }

    private static Map<String, Integer> codes() {
        Map<String, Integer> codes = new HashMap<>();
        for (Field f : CUresult.class.getFields()) {
            if (f.getType() != int.class || !Modifier.isStatic(f.getModifiers())) continue;
            try {
                int value = f.getInt(null);
                codes.put(CUresult.stringFor(value), value);
            } catch (IllegalAccessException ignored) {
                // public static fields are readable
            }
        }
        return Map.copyOf(codes);
    }
}
