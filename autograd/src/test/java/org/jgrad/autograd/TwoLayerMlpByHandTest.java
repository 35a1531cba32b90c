package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/**
 * The tour's page 2 (docs/tour/2-autograd.md): a two-layer MLP's gradients worked out with the
 * chain rule on plain arrays, then compared with what the engine computes; the graph is written as
 * DOT to docs/tour/figures/two-layer-mlp.dot. The page quotes the {@code tour:begin}/{@code tour:end}
 * regions of this file, checked by the docs module's TourPagesTest.
 */
class TwoLayerMlpByHandTest {
    /** Where the tour's generated files go (tests run in the module's folder). */
    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");

    @Test
    void handDerivedGradientsEqualTheEngines() throws IOException {
        // tour:begin setup
        Generator g = new Generator(2026);
        int n = 8, d = 3, h = 5;
        NDArray x = NDArray.randn(g, DType.FLOAT64, n, d), y = NDArray.randn(g, DType.FLOAT64, n, 1);
        Tensor w1 = Tensor.param(NDArray.randn(g, DType.FLOAT64, d, h)), b1 = Tensor.param(NDArray.zeros(DType.FLOAT64, h));
        Tensor w2 = Tensor.param(NDArray.randn(g, DType.FLOAT64, h, 1)), b2 = Tensor.param(NDArray.zeros(DType.FLOAT64, 1));
        // tour:end setup

        // forward, recorded by the engine
        // tour:begin forward
        Tensor hidden = Tensor.of(x).matmul(w1).add(b1);        // (N, H) = x·W1 + b1
        Tensor a = hidden.tanh();                                // (N, H)
        Tensor yHat = a.matmul(w2).add(b2);                      // (N, 1) = a·W2 + b2
        Tensor diff = yHat.sub(Tensor.of(y));
        Tensor loss = diff.mul(diff).mean();                     // L = mean((ŷ - y)²)
        // tour:end forward
        // notebook:begin dot
        // notebook-only: Path FIGURES = Files.createTempDirectory("jgrad-tour-figures");   // the notebook's figures go apart from the committed ones
        // notebook:end dot
        // tour:begin dot
        String dot = loss.toDot();                               // before backward, which frees the graph
        Files.writeString(FIGURES.resolve("two-layer-mlp.dot"), dot);
        // tour:end dot
        // tour:begin backward
        loss.backward();
        // tour:end backward

        // backward by hand, on plain arrays
        // tour:begin by-hand
        NDArray dYHat = diff.data().mul(2.0 / n);                // dL/dŷ = 2(ŷ - y)/N        (N, 1)
        NDArray dW2 = a.data().mT().matmul(dYHat);               // dL/dW2 = aᵀ·dL/dŷ          (H, 1)
        NDArray dB2 = dYHat.sum(new int[] {0}, false);           // dL/db2 = Σₙ dL/dŷ          (1)
        NDArray dA = dYHat.matmul(w2.data().mT());               // dL/da = dL/dŷ·W2ᵀ          (N, H)
        NDArray dHidden = dA.mul(a.data().mul(a.data()).neg().add(1)); // dL/dh = dL/da ⊙ (1 - a²)
        NDArray dW1 = x.mT().matmul(dHidden);                    // dL/dW1 = xᵀ·dL/dh          (D, H)
        NDArray dB1 = dHidden.sum(new int[] {0}, false);         // dL/db1 = Σₙ dL/dh          (H)
        // tour:end by-hand

        assertTrue(w2.grad().allClose(dW2, 1e-12, 1e-14), "dW2");
        assertTrue(b2.grad().allClose(dB2, 1e-12, 1e-14), "db2");
        assertTrue(w1.grad().allClose(dW1, 1e-12, 1e-14), "dW1");
        assertTrue(b1.grad().allClose(dB1, 1e-12, 1e-14), "db1");
        assertEquals(4, dot.split("fillcolor=lightblue", -1).length - 1, "the four parameters are filled leaves:\n" + dot);
        assertTrue(dot.contains("tanh") && dot.contains("matmul"), dot);
    }
}
