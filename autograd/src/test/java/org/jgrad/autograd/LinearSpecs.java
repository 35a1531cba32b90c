package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.List;

/** Gradient-check rows for {@link LinearOps}. */
final class LinearSpecs {
    private LinearSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        return s;
    }
}
