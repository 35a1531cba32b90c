package org.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.layers.BatchNorm1d;
import org.jgrad.nn.layers.BatchNorm2d;
import org.jgrad.nn.layers.Conv2d;
import org.jgrad.nn.layers.ConvTranspose2d;
import org.jgrad.nn.layers.LayerNorm;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/** The dtype rule of {@link Module}: a layer refuses an input of another dtype than its parameters', naming both. */
class DTypeRuleTest {
    private record Case(String name, Supplier<Module> module, int[] inputShape) {}

    private static final List<Case> CASES = List.of(
            new Case("Linear", () -> new Linear(3, 2, true, new Generator(1)), new int[] {4, 3}),
            new Case("Conv2d", () -> new Conv2d(2, 3, 3, 1, 1, 1, 1, true, new Generator(2)), new int[] {1, 2, 5, 5}),
            new Case("ConvTranspose2d", () -> new ConvTranspose2d(2, 3, 3, 1, 0, 0, 1, 1, true, new Generator(3)), new int[] {1, 2, 4, 4}),
            new Case("BatchNorm1d", () -> new BatchNorm1d(3), new int[] {4, 3}),
            new Case("BatchNorm2d", () -> new BatchNorm2d(2), new int[] {2, 2, 3, 3}),
            new Case("LayerNorm", () -> new LayerNorm(3), new int[] {2, 3}));

    @Test
    void aFloat32LayerRefusesFloat64InputNamingItselfAndBothDTypes() {
        for (Case c : CASES) {
            Tensor x = Tensor.of(NDArray.randn(new Generator(9), DType.FLOAT64, c.inputShape()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.module().get().forward(x), c.name());
            assertTrue(e.getMessage().startsWith(c.name() + "("), e.getMessage());
            assertTrue(e.getMessage().contains("input is float64") && e.getMessage().contains("parameter 'weight' is float32"), e.getMessage());
            assertTrue(e.getMessage().contains("input.to(DType.FLOAT32) or module.to(DType.FLOAT64)"), e.getMessage());
        }
    }

    @Test
    void itComputesOnceEitherSideIsConverted() {
        for (Case c : CASES) {
            NDArray x = NDArray.randn(new Generator(9), DType.FLOAT64, c.inputShape());
            assertEquals(DType.FLOAT64, c.module().get().to(DType.FLOAT64).forward(Tensor.of(x)).dtype(), c.name());
            assertEquals(DType.FLOAT32, c.module().get().forward(Tensor.of(x.to(DType.FLOAT32))).dtype(), c.name());
        }
    }

    @Test
    void anIntegerInputIsRefusedToo() {
        Tensor x = Tensor.of(NDArray.arange(6).reshape(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Linear(3, 2).forward(x));
        assertTrue(e.getMessage().startsWith("Linear(in=3, out=2, bias=true): input is int64 (2, 3) but parameter 'weight' is float32"), e.getMessage());
    }

    @Test
    void insideAutocastTheScopeDecides() {
        Module linear = new Linear(3, 2, true, new Generator(1));
        Tensor half = Tensor.of(NDArray.randn(new Generator(4), DType.FLOAT32, 4, 3).to(DType.FLOAT16));
        try (var scope = Autocast.enable(DType.FLOAT16)) {
            assertEquals(DType.FLOAT16, linear.forward(half).dtype());
        }
    }

    @Test
    void elementwiseOpsPromoteExactlyAsPyTorchDoes() {
        Tensor a = Tensor.of(NDArray.of(0.1f, 3f)), b = Tensor.of(NDArray.of(1.0, 2.0));
        Tensor y = a.add(b);
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new double[] {(double) 0.1f + 1.0, 5.0}, y.data().toDoubleArray(), 0);
    }
}
