package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** The engine's contract: accumulation, graph release, retainGraph, no-grad, errors, DOT, memory. */
class EngineTest {
    private static Tensor param(double... v) {
        return Tensor.param(NDArray.of(v));
    }

    @Test
    void gradientsOfASharedSubexpressionAddUp() {
        Tensor x = param(2, 3);
        Tensor y = x.mul(x).add(x.mul(3));         // y = x² + 3x, dy/dx = 2x + 3
        y.backward(NDArray.of(1.0, 1.0));
        assertArrayEquals(new double[] {7, 9}, x.grad().toDoubleArray());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = param(1, -2);
        x.mul(x).backward(NDArray.of(1.0, 1.0));
        x.mul(x).backward(NDArray.of(1.0, 1.0));
        assertArrayEquals(new double[] {4, -8}, x.grad().toDoubleArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void theGraphIsReleasedUnlessRetained() {
        Tensor x = param(1, 2);
        Tensor y = x.exp().mul(x);
        y.backward(NDArray.of(1.0, 1.0), true);
        double[] first = x.grad().toDoubleArray();
        y.backward(NDArray.of(1.0, 1.0)); // retained: may run again, and now releases
        for (int i = 0; i < 2; i++) assertEquals(2 * first[i], x.grad().toDoubleArray()[i], 1e-12);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(NDArray.of(1.0, 1.0)));
        assertTrue(e.getMessage().contains("a second time"), e.getMessage());
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void anArraySavedForBackwardAndChangedInPlaceIsAnError() {
        Tensor x = param(1, 2, 3);
        Tensor y = x.mul(x);
        x.data().assign(NDArray.of(5.0, 5.0, 5.0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(NDArray.ones(3).to(org.jgrad.tensor.DType.FLOAT64)));
        assertTrue(e.getMessage().contains("'mul'") && e.getMessage().contains("changed in place"), e.getMessage());
    }

    @Test
    void backwardOfATensorWithoutGradIsAnError() {
        Tensor c = Tensor.of(NDArray.of(1.0, 2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.exp().backward(NDArray.of(1.0, 1.0)));
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
        Tensor x = param(1, 2);
        IllegalArgumentException implicit = assertThrows(IllegalArgumentException.class, () -> x.exp().backward());
        assertTrue(implicit.getMessage().contains("one-element"), implicit.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.param(NDArray.of(1L, 2L)));
    }

    @Test
    void noGradScopesRecordNothingAndNest() {
        Tensor x = param(1, 2);
        try (var outer = GradMode.noGrad()) {
            try (var inner = GradMode.noGrad()) {
                assertFalse(x.exp().requiresGrad());
            }
            assertFalse(GradMode.isEnabled());
            assertFalse(x.mul(x).requiresGrad());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.exp().requiresGrad());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = param(3);
        Tensor y = x.mul(x.detach());   // d/dx of x·c is c = 3
        y.backward();
        assertArrayEquals(new double[] {3}, x.grad().toDoubleArray());
    }

    @Test
    void toDotDrawsOpsAndLeaves() {
        Tensor x = param(1, 2), w = param(3, 4);
        String dot = x.mul(w).tanh().toDot();
        assertTrue(dot.startsWith("digraph jgrad {"), dot);
        assertTrue(dot.contains("label=\"mul\\n(2)\"") && dot.contains("label=\"tanh\\n(2)\""), dot);
        assertEquals(2, dot.split("fillcolor=lightblue", -1).length - 1, dot); // two parameters
        assertTrue(dot.trim().endsWith("}"), dot);
    }

    @Test
    void aLongChainDoesNotOverflowTheStack() {
        Tensor x = param(0.5);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) y = y.mul(1.0);
        y.backward();
        assertEquals(1.0, x.grad().item(), 0);
    }

    @Test
    void backwardReleasesTheGraphEvenWhileTheOutputsAreKept() {
        Tensor w = param(0.5, -0.25);
        NDArray input = NDArray.of(1.0, 2.0);
        List<Tensor> keptLosses = new ArrayList<>();
        List<WeakReference<NDArray>> intermediates = new ArrayList<>();
        for (int step = 0; step < 10_000; step++) {
            Tensor hidden = w.mul(Tensor.of(input)).tanh();
            Tensor loss = hidden.mul(w);
            if (step % 1000 == 0) intermediates.add(new WeakReference<>(hidden.data()));
            loss.backward(NDArray.of(1.0, 1.0));
            keptLosses.add(loss); // a user keeping every loss for a plot
            w.data().assign(w.data().sub(w.grad().mul(1e-3)));
            w.zeroGrad();
        }
        for (int attempt = 0; attempt < 20 && intermediates.stream().anyMatch(r -> r.get() != null); attempt++) System.gc();
        assertTrue(intermediates.stream().allMatch(r -> r.get() == null), "intermediate arrays of finished steps are still reachable");
        assertEquals(10_000, keptLosses.size());
    }
}
