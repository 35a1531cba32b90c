package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.randnStrided;

import java.util.ArrayList;
import java.util.List;

/** Gradient-check rows for {@link LinearOps}: every NumPy matmul case. */
final class LinearSpecs {
    private LinearSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        s.add(OpSpec.of("matmul", "1-D·1-D (4)·(4)", () -> arrays(randn(101, 4), randn(102, 4)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "1-D·2-D (3)·(3,4)", () -> arrays(randn(103, 3), randn(104, 3, 4)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "2-D·1-D (2,3)·(3)", () -> arrays(randn(105, 2, 3), randn(106, 3)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "2-D·2-D (2,3)·(3,4)", () -> arrays(randn(107, 2, 3), randn(108, 3, 4)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "2-D·2-D strided", () -> arrays(randnStrided(109, 3, 2), randnStrided(110, 2, 4)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "batched (2,3,4)·(4,2)", () -> arrays(randn(111, 2, 3, 4), randn(112, 4, 2)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "batched (3,2)·(2,2,4)", () -> arrays(randn(113, 3, 2), randn(114, 2, 2, 4)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "batched both (2,2,3)·(2,3,2)", () -> arrays(randn(115, 2, 2, 3), randn(116, 2, 3, 2)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "broadcast batch (2,1,2,3)·(3,3,2)", () -> arrays(randn(117, 2, 1, 2, 3), randn(118, 3, 3, 2)), 2,
                t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "1-D·batched (3)·(2,3,2)", () -> arrays(randn(119, 3), randn(120, 2, 3, 2)), 2, t -> t[0].matmul(t[1])));
        s.add(OpSpec.of("matmul", "batched·1-D (2,2,3)·(3)", () -> arrays(randn(121, 2, 2, 3), randn(122, 3)), 2, t -> t[0].matmul(t[1])));
        s.add(new OpSpec("matmul", "right side constant", () -> arrays(randn(123, 2, 3), randn(124, 3, 2)),
                new boolean[] {true, false}, t -> t[0].matmul(t[1])));
        return s;
    }
}
