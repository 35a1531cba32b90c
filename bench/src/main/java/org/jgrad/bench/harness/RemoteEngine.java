package org.jgrad.bench.harness;

import java.util.List;
import org.jgrad.tensor.DType;

/**
 * An engine that measures in its own process ({@link PeerProcess}): the {@link Harness} hands it whole
 * cases instead of timing calls itself, and waits (idle) while it measures. It times with the same
 * rules ({@link Harness} run inside that process by {@link PeerServer}), so both sides' figures mean
 * the same thing.
 */
public interface RemoteEngine extends Engine {
    /** Runs the middle case of every ladder of {@code cases} unmeasured, as {@link Harness} does before timing. */
    void prime(List<Case> cases, DType dtype, Budget budget);

    /** Warms up and times one case, with the same rules as {@link Harness}; never throws for the case's own failure (n/a instead). */
    Result measure(Case c, DType dtype, Budget budget);

    @Override
    default Prepared prepare(Case c, DType dtype) {
        throw new UnsupportedOperationException(name() + " measures in its own process: ask it to measure, not to prepare");
    }
}
