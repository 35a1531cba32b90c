package org.jgrad.cuda;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;

/**
 * Runs an op on the CPU backend for the CUDA backend: the operands are downloaded, the CPU
 * reference computes, the results are uploaded. Correct and slow (two trips over the bus and a
 * synchronization); it serves the dtype combinations and ranks no kernel covers (e.g. integer
 * {@code pow}, whose negative exponents are an error, or ranks above 8). Every use is counted by
 * op, so {@code jgrad info} and the conformance suite can show what still runs on the host.
 */
final class HostFallback {
    private static final Map<String, Long> COUNTS = new TreeMap<>();

    private HostFallback() {}

    /**
     * Runs {@code cpuOp} on host copies of {@code inputs} followed by host copies of {@code outputs}
     * (their current values, for in-place ops), then writes the host outputs back.
     */
    static void run(String op, NDArray[] inputs, NDArray[] outputs, Consumer<NDArray[]> cpuOp) {
        count(op);
        NDArray[] host = new NDArray[inputs.length + outputs.length];
        for (int i = 0; i < inputs.length; i++) host[i] = inputs[i].to(Device.CPU);
        for (int i = 0; i < outputs.length; i++) host[inputs.length + i] = outputs[i].to(Device.CPU);
        cpuOp.accept(host);
        for (int i = 0; i < outputs.length; i++) outputs[i].backend().copy(host[inputs.length + i], outputs[i]);
    }

    private static synchronized void count(String op) {
        COUNTS.merge(op, 1L, Long::sum);
    }

    /** How often each op fell back to the host since start. */
    static synchronized Map<String, Long> counts() {
        return new TreeMap<>(COUNTS);
    }
}
