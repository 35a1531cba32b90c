package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

class AnomalyModeTest {
    @Test
    void namesTheFirstOpWhoseOutputIsNotFinite() {
        Tensor x = Tensor.param(NDArray.of(1.0, -1.0));
        try (var scope = AnomalyMode.detect()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(2).log().exp());
            assertTrue(e.getMessage().contains("'log' produced NaN or infinity in its output (2) from inputs [(2)]"), e.getMessage());
        }
        x.mul(2).log().exp(); // outside the scope nothing is checked
    }

    @Test
    void namesTheBackwardThatProducesANonFiniteGradient() {
        Tensor x = Tensor.param(NDArray.of(0.0, 4.0));
        try (var scope = AnomalyMode.detect()) {
            Tensor y = x.sqrt(); // finite forward: sqrt(0) = 0, but d√x/dx = ∞ at 0
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(NDArray.of(1.0, 1.0)));
            assertTrue(e.getMessage().contains("the backward of 'sqrt' produced NaN or infinity in the gradient of input 0 (2)"), e.getMessage());
        }
    }

    @Test
    void namesABinaryOpAndBothInputShapesWhenTheInputDataHoldInfinity() {
        NDArray data = NDArray.fromArray(new float[][] {{1, 2, 3}, {4, 5, Float.POSITIVE_INFINITY}});
        Tensor w = Tensor.param(NDArray.ones(DType.FLOAT32, 3, 4));
        try (var scope = AnomalyMode.detect()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.of(data).matmul(w).relu().sum());
            assertTrue(e.getMessage().contains("'matmul' produced NaN or infinity in its output (2, 4) from inputs [(2, 3), (3, 4)]"), e.getMessage());
        }
    }

    @Test
    void namesTheFirstBackwardInReverseOrder() {
        // y = sum(pow(x, 0.5) * 3): the backward of mul is finite, that of pow at 0 is not
        Tensor x = Tensor.param(NDArray.of(0.0, 1.0, 4.0));
        try (var scope = AnomalyMode.detect()) {
            Tensor y = x.pow(0.5).mul(3).sum();
            IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("the backward of 'pow_scalar' produced NaN or infinity in the gradient of input 0 (3) (inputs [(3)])"),
                    e.getMessage());
        }
        Tensor y = x.pow(0.5).mul(3).sum();
        y.backward();   // without the scope the infinity reaches the gradient unchecked
        assertTrue(Double.isInfinite(x.grad().getDouble(0)));
    }

    @Test
    void scopesNestAndBelongToTheirThread() throws InterruptedException {
        try (var outer = AnomalyMode.detect()) {
            try (var inner = AnomalyMode.detect()) {
                assertTrue(AnomalyMode.isEnabled());
            }
            assertTrue(AnomalyMode.isEnabled(), "still inside the outer scope");
            AtomicReference<Throwable> other = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    assertFalse(AnomalyMode.isEnabled());
                    assertDoesNotThrow(() -> Tensor.of(NDArray.of(-1.0)).log());
                } catch (Throwable failure) {
                    other.set(failure);
                }
            });
            t.start();
            t.join();
            if (other.get() != null) throw new AssertionError("another thread is not checked", other.get());
        }
        assertFalse(AnomalyMode.isEnabled());
    }
}
