package org.jgrad.bench.harness;

import java.util.Arrays;
import org.jgrad.tensor.DType;

/** DTypes by the names jgrad prints ("float32"), as the command line and {@code bench.json} write them. */
public final class DTypeNames {
    private DTypeNames() {}

    public static DType parse(String name) {
        for (DType d : DType.values()) if (d.toString().equals(name)) return d;
        throw new IllegalArgumentException("bench: unknown dtype '" + name + "' (expected one of " + Arrays.toString(DType.values()) + ")");
    }
}
