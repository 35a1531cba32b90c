package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.List;

/** Gradient-check rows for {@link IndexOps}. */
final class IndexSpecs {
    private IndexSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        return s;
    }
}
