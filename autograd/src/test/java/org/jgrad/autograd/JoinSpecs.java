package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.randnStrided;

import java.util.ArrayList;
import java.util.List;

/** Gradient-check rows for {@link JoinOps}; stack is listed under cat, split and chunk under narrow. */
final class JoinSpecs {
    private JoinSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        // cat
        s.add(OpSpec.of("cat", "axis 0", () -> arrays(randn(301, 2, 3), randn(302, 4, 3)), 2, t -> Tensor.cat(0, t[0], t[1])));
        s.add(OpSpec.of("cat", "axis -1, three inputs, one strided", () -> arrays(randn(303, 2, 3, 1), randnStrided(304, 2, 3, 4), randn(305, 2, 3, 2)), 3,
                t -> Tensor.cat(-1, t[0], t[1], t[2])));
        s.add(new OpSpec("cat", "second input a constant", () -> arrays(randn(306, 3, 2), randn(307, 3, 3)), new boolean[] {true, false},
                t -> Tensor.cat(1, t[0], t[1])));
        s.add(OpSpec.of("cat", "same tensor twice", () -> arrays(randn(308, 2, 2)), 1, t -> Tensor.cat(0, t[0], t[0].mul(t[0]))));
        s.add(OpSpec.of("cat", "with an empty piece", () -> arrays(randn(309, 2, 3), randn(310, 2, 0)), 2, t -> Tensor.cat(1, t[0], t[1])));
        // stack (composite: unsqueeze, cat)
        s.add(OpSpec.of("cat", "stack axis 0", () -> arrays(randn(311, 2, 3), randn(312, 2, 3)), 2, t -> Tensor.stack(0, t[0], t[1])));
        s.add(OpSpec.of("cat", "stack axis -1 strided", () -> arrays(randnStrided(313, 3, 2), randn(314, 3, 2), randn(315, 3, 2)), 3,
                t -> Tensor.stack(-1, t[0], t[1], t[2])));
        // split and chunk (composite: narrow)
        s.add(OpSpec.of("narrow", "split(0, 2, 1, 3) rejoined in another order", () -> arrays(randn(316, 6, 2)), 1, t -> {
            Tensor[] p = t[0].split(0, 2, 1, 3);
            return Tensor.cat(0, p[2], p[0].mul(2), p[1]);
        }));
        s.add(OpSpec.of("narrow", "chunkAlong(-1, 3) of (2,7): 3+3+1, broadcast", () -> arrays(randnStrided(317, 2, 7)), 1, t -> {
            Tensor[] p = t[0].chunkAlong(-1, 3);
            return p[0].mul(p[1]).add(p[2]);
        }));
        // pad
        s.add(OpSpec.of("pad", "last axis (1, 2)", () -> arrays(randn(318, 2, 3)), 1, t -> t[0].pad(new int[] {1, 2}, 0)));
        s.add(OpSpec.of("pad", "two axes, value 3.5, strided", () -> arrays(randnStrided(319, 2, 3, 4)), 1,
                t -> t[0].pad(new int[] {1, 0, 2, 1}, 3.5)));
        s.add(OpSpec.of("pad", "negative = crop, mixed", () -> arrays(randn(320, 4, 5)), 1, t -> t[0].pad(new int[] {-1, 2, 0, -2}, 0)));
        s.add(OpSpec.of("pad", "crop reaching into the padding", () -> arrays(randn(321, 2, 3)), 1, t -> t[0].pad(new int[] {2, -2}, 1)));
        s.add(OpSpec.of("pad", "crop past x", () -> arrays(randn(322, 3, 3)), 1, t -> t[0].pad(new int[] {-4, 3}, 0).add(t[0].sum())));
        return s;
    }
}
