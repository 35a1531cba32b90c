package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.randnStrided;

import java.util.ArrayList;
import java.util.List;

/** Gradient-check rows for {@link ViewOps}; flatten and mT are composites listed under reshape and transpose. */
final class ViewSpecs {
    private ViewSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        // reshape and flatten
        s.add(OpSpec.of("reshape", "(2,3,4) to (6,-1)", () -> arrays(randn(201, 2, 3, 4)), 1, t -> t[0].reshape(6, -1)));
        s.add(OpSpec.of("reshape", "strided (3,4) to (2,6), a copy", () -> arrays(randnStrided(202, 3, 4)), 1, t -> t[0].reshape(2, 6)));
        s.add(OpSpec.of("reshape", "(2,3) to (3,1,2) times a broadcast row", () -> arrays(randn(203, 2, 3), randn(204, 2)), 2,
                t -> t[0].reshape(3, 1, 2).mul(t[1])));
        s.add(OpSpec.of("reshape", "flatten()", () -> arrays(randn(205, 2, 3, 2)), 1, t -> t[0].flatten()));
        s.add(OpSpec.of("reshape", "flatten(1, 2) strided", () -> arrays(randnStrided(206, 2, 3, 4)), 1, t -> t[0].flatten(1, 2)));
        s.add(OpSpec.of("reshape", "flatten(0, -1) of rank 0", () -> arrays(randn(207)), 1, t -> t[0].flatten(0, -1)));
        // permute, transpose, mT
        s.add(OpSpec.of("permute", "(2,0,1)", () -> arrays(randn(208, 2, 3, 4)), 1, t -> t[0].permute(2, 0, 1)));
        s.add(OpSpec.of("permute", "(-1,0,1) strided", () -> arrays(randnStrided(209, 2, 3, 4)), 1, t -> t[0].permute(-1, 0, 1)));
        s.add(OpSpec.of("transpose", "(0,-1)", () -> arrays(randn(210, 2, 3, 4)), 1, t -> t[0].transpose(0, -1)));
        s.add(OpSpec.of("transpose", "mT of 3-d strided", () -> arrays(randnStrided(211, 2, 3, 4)), 1, t -> t[0].mT()));
        // narrow, slice, select
        s.add(OpSpec.of("narrow", "axis 1 [1,3)", () -> arrays(randn(212, 2, 4, 3)), 1, t -> t[0].narrow(1, 1, 2)));
        s.add(OpSpec.of("narrow", "axis -1 strided", () -> arrays(randnStrided(213, 3, 5)), 1, t -> t[0].narrow(-1, 2, 3)));
        s.add(OpSpec.of("narrow", "two windows of one tensor multiplied", () -> arrays(randn(214, 6, 2)), 1,
                t -> t[0].narrow(0, 0, 4).mul(t[0].narrow(0, 2, 4))));
        s.add(OpSpec.of("slice", "axis 0 step 2", () -> arrays(randn(215, 5, 3)), 1, t -> t[0].slice(0, 0, 5, 2)));
        s.add(OpSpec.of("slice", "axis -1 negative bounds", () -> arrays(randn(216, 2, 7)), 1, t -> t[0].slice(-1, -6, -1, 1)));
        s.add(OpSpec.of("slice", "axis 1 step 3 strided", () -> arrays(randnStrided(217, 3, 8, 2)), 1, t -> t[0].slice(1, 1, 8, 3)));
        s.add(OpSpec.of("select", "axis 0 index -1", () -> arrays(randn(218, 3, 4)), 1, t -> t[0].select(0, -1)));
        s.add(OpSpec.of("select", "axis 1 strided", () -> arrays(randnStrided(219, 2, 3, 4)), 1, t -> t[0].select(1, 2)));
        s.add(OpSpec.of("select", "row times column", () -> arrays(randn(220, 3, 3)), 1, t -> t[0].select(0, 1).mul(t[0].select(1, 2))));
        // expand
        s.add(OpSpec.of("expand", "(3,1) to (2,3,4)", () -> arrays(randn(221, 3, 1)), 1, t -> t[0].expand(2, 3, 4)));
        s.add(OpSpec.of("expand", "(1,4) to (5,-1) strided", () -> arrays(randnStrided(222, 1, 4)), 1,
                t -> t[0].expand(5, -1)));
        s.add(OpSpec.of("expand", "rank 0 to (2,3)", () -> arrays(randn(223)), 1, t -> t[0].expand(2, 3)));
        // squeeze, unsqueeze
        s.add(OpSpec.of("squeeze", "all of (2,1,3,1)", () -> arrays(randn(224, 2, 1, 3, 1)), 1, t -> t[0].squeeze()));
        s.add(OpSpec.of("squeeze", "axis -2 of (2,1,3)", () -> arrays(randn(225, 2, 1, 3)), 1, t -> t[0].squeeze(-2)));
        s.add(OpSpec.of("unsqueeze", "axis 0", () -> arrays(randn(226, 3, 2)), 1, t -> t[0].unsqueeze(0)));
        s.add(OpSpec.of("unsqueeze", "axis -1 strided, broadcast", () -> arrays(randnStrided(227, 3, 2), randn(228, 4)), 2,
                t -> t[0].unsqueeze(-1).mul(t[1])));
        // contiguous
        s.add(OpSpec.of("contiguous", "strided", () -> arrays(randnStrided(229, 3, 4)), 1, t -> t[0].contiguous()));
        s.add(OpSpec.of("contiguous", "mT then contiguous", () -> arrays(randn(230, 3, 4)), 1, t -> t[0].mT().contiguous().reshape(-1)));
        return s;
    }
}
