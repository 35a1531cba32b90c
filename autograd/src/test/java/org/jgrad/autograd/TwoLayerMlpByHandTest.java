package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/**
 * docs/autograd-by-hand.md: a two-layer MLP's gradients worked out with the chain rule on plain
 * arrays, then compared with what the engine computes. The page's code blocks are checked to be
 * verbatim excerpts of this file, so the page cannot drift from code that runs.
 */
class TwoLayerMlpByHandTest {
    @Test
    void handDerivedGradientsEqualTheEngines() {
        Generator g = new Generator(2026);
        int n = 8, d = 3, h = 5;
        NDArray x = NDArray.randn(g, DType.FLOAT64, n, d), y = NDArray.randn(g, DType.FLOAT64, n, 1);
        Tensor w1 = Tensor.param(NDArray.randn(g, DType.FLOAT64, d, h)), b1 = Tensor.param(NDArray.zeros(DType.FLOAT64, h));
        Tensor w2 = Tensor.param(NDArray.randn(g, DType.FLOAT64, h, 1)), b2 = Tensor.param(NDArray.zeros(DType.FLOAT64, 1));

        // forward, recorded by the engine
        Tensor hidden = Tensor.of(x).matmul(w1).add(b1);        // (N, H) = x·W1 + b1
        Tensor a = hidden.tanh();                                // (N, H)
        Tensor yHat = a.matmul(w2).add(b2);                      // (N, 1) = a·W2 + b2
        Tensor diff = yHat.sub(Tensor.of(y));
        Tensor loss = diff.mul(diff).mean();                     // L = mean((ŷ - y)²)
        loss.backward();

        // backward by hand, on plain arrays
        NDArray dYHat = diff.data().mul(2.0 / n);                // dL/dŷ = 2(ŷ - y)/N        (N, 1)
        NDArray dW2 = a.data().mT().matmul(dYHat);               // dL/dW2 = aᵀ·dL/dŷ          (H, 1)
        NDArray dB2 = dYHat.sum(new int[] {0}, false);           // dL/db2 = Σₙ dL/dŷ          (1)
        NDArray dA = dYHat.matmul(w2.data().mT());               // dL/da = dL/dŷ·W2ᵀ          (N, H)
        NDArray dHidden = dA.mul(a.data().mul(a.data()).neg().add(1)); // dL/dh = dL/da ⊙ (1 - a²)
        NDArray dW1 = x.mT().matmul(dHidden);                    // dL/dW1 = xᵀ·dL/dh          (D, H)
        NDArray dB1 = dHidden.sum(new int[] {0}, false);         // dL/db1 = Σₙ dL/dh          (H)

        assertTrue(w2.grad().allClose(dW2, 1e-12, 1e-14), "dW2");
        assertTrue(b2.grad().allClose(dB2, 1e-12, 1e-14), "db2");
        assertTrue(w1.grad().allClose(dW1, 1e-12, 1e-14), "dW1");
        assertTrue(b1.grad().allClose(dB1, 1e-12, 1e-14), "db1");
    }

    @Test
    void theDocPageQuotesThisTestVerbatim() throws IOException {
        Path page = Path.of("..", "docs", "autograd-by-hand.md");
        String doc = Files.readString(page);
        String source = Files.readString(Path.of("src", "test", "java", "org", "jgrad", "autograd", "TwoLayerMlpByHandTest.java"));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            for (String line : block.group(1).split("\\n"))
                assertTrue(source.contains(line.strip()), "docs/autograd-by-hand.md quotes a line that is not in the test: " + line);
        }
        assertTrue(blocks >= 2, "the page should show the forward and the backward");
    }
}
