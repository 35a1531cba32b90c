package org.jgrad.bench.harness;

import org.jgrad.tensor.DType;

/**
 * Something that can run the benchmark {@link Case}s on one device: jgrad on a device ({@link JgradEngine}),
 * or a peer such as PyTorch through DJL.
 */
public interface Engine extends AutoCloseable {
    /** The suffix of an emulated device in results ("cuda:0-emulated"): such rows are in no ratio and no CPU-vs-GPU chart. */
    String EMULATED = "-emulated";

    /** "jgrad", or the peer's name, e.g. "pytorch". */
    String name();

    /** The device, as jgrad writes it: "cpu", "cuda:0". */
    String device();

    /** One line for the report: version, threads, kernels in use. */
    String describe();

    /**
     * Builds the inputs of {@code c} in {@code dtype} on the device and returns the call to time.
     *
     * @throws UnsupportedOperationException with the reason, when this engine cannot run the case in this dtype
     */
    Prepared prepare(Case c, DType dtype) throws Exception;

    @Override
    default void close() throws Exception {}

    /**
     * One case ready to time: {@code call} runs it once; {@code sync} waits for the device (runs after each
     * timed loop, before the clock is read); {@code release} frees its inputs afterwards; {@code accuracy},
     * asked after the timed calls (outside the clock), gives the test accuracy of the model the last call
     * trained (an {@link Case.Epoch}; NaN for every other case).
     */
    record Prepared(Runnable call, Runnable sync, AutoCloseable release, java.util.function.DoubleSupplier accuracy) {
        public Prepared(Runnable call, Runnable sync, AutoCloseable release) {
            this(call, sync, release, () -> Double.NaN);
        }

        public Prepared(Runnable call, Runnable sync) {
            this(call, sync, () -> {});
        }
    }
}
