package org.jgrad.training.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.tensor.NDArray;

/**
 * What an optimizer remembers about one parameter: the number of updates it has taken (PyTorch's
 * per-parameter {@code step}) and named buffers of the parameter's shape (momentum buffer, first
 * and second moments...). Buffers are replaced, never written into, so arrays handed out by
 * {@link Optimizer#stateDict()} stay as they were.
 */
public final class ParamState {
    private long step;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    /** Updates taken so far (after {@link Optimizer#step()}, counting the current one). */
    public long step() { return step; }

    void step(long value) { step = value; }

    /** The buffer named {@code name}, or null if it does not exist yet. */
    public NDArray get(String name) { return buffers.get(name); }

    public void put(String name, NDArray value) { buffers.put(name, value); }

    /** All buffers, read-only. */
    public Map<String, NDArray> buffers() { return Collections.unmodifiableMap(buffers); }

    boolean isEmpty() { return step == 0 && buffers.isEmpty(); }
}
