package org.jgrad.nn.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.tensor.NDArray;

/**
 * What {@link SafeTensors#read} found in a file.
 *
 * @param tensors the tensors by name, in the order the file's header lists them; contiguous CPU
 *     arrays that own their storage
 * @param metadata the {@code __metadata__} strings in header order (unmodifiable; empty when the
 *     file has none)
 */
public record SafeTensorsContent(LinkedHashMap<String, NDArray> tensors, Map<String, String> metadata) {

    /** The tensor named {@code name}; an {@link IllegalArgumentException} naming the known ones if absent. */
    public NDArray tensor(String name) {
        NDArray a = tensors.get(name);
        if (a == null) throw new IllegalArgumentException("no tensor \"" + name + "\"; the file holds " + tensors.keySet());
        return a;
    }
}
