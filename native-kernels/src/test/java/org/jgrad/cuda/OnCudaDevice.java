package org.jgrad.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.jgrad.tensor.Backends;
import org.jgrad.tensor.Device;
import org.junit.jupiter.api.BeforeEach;

/** Conformance families run against {@code cuda:0}; without a usable GPU each case is skipped with {@link CudaAvailability}'s reason. */
interface OnCudaDevice extends Conformance {
    @BeforeEach
    default void needsAGpu() {
        String reason = CudaAvailability.unavailableReason();
        assumeTrue(reason == null, () -> "CUDA is unavailable: " + reason);
    }

    @Override
    default BackendComparison compare() {
        return new BackendComparison(Backends.of(Device.cuda(0)));
    }
}
