package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
