package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/** {@link Autograd#grad}: returned gradients, pruning, and gradients of gradients. */
class AutogradTest {
    private static Tensor critic(Tensor x, Tensor w, Tensor v) {
        return x.conv2d(w, null, Conv2dParams.DEFAULT.stride(2).padding(1)).leakyRelu(0.2).flatten(1, 3).matmul(v.mT()).sum();
    }

    @Test
    void withoutCreateGraphTheGradientsAreBackwardsBitForBit() {
        Generator g = new Generator(5);
        NDArray xd = NDArray.randn(g, DType.FLOAT32, 2, 1, 6, 6), wd = NDArray.randn(g, DType.FLOAT32, 3, 1, 3, 3), vd = NDArray.randn(g, DType.FLOAT32, 1, 27);
        Tensor x = Tensor.param(xd), w = Tensor.param(wd), v = Tensor.param(vd);
        critic(x, w, v).backward();
        Tensor x2 = Tensor.param(xd), w2 = Tensor.param(wd), v2 = Tensor.param(vd);
        Tensor[] grads = Autograd.grad(critic(x2, w2, v2), x2, w2, v2);
        assertArrayEquals(x.grad().toFloatArray(), grads[0].data().toFloatArray());
        assertArrayEquals(w.grad().toFloatArray(), grads[1].data().toFloatArray());
        assertArrayEquals(v.grad().toFloatArray(), grads[2].data().toFloatArray());
        assertNull(x2.grad(), "grad returns gradients, it does not accumulate them");
        assertFalse(grads[0].requiresGrad());
    }

    @Test
    void withCreateGraphTheSameValuesCarryAGraphToTheParameters() {
        Generator g = new Generator(6);
        Tensor x = Tensor.param(NDArray.randn(g, DType.FLOAT64, 2, 1, 6, 6)), w = Tensor.param(NDArray.randn(g, DType.FLOAT64, 3, 1, 3, 3)),
                v = Tensor.param(NDArray.randn(g, DType.FLOAT64, 1, 27));
        Tensor plain = Autograd.grad(critic(x, w, v), x)[0];
        Tensor dx = Autograd.grad(critic(x, w, v), new Tensor[] {x}, null, true)[0];
        assertArrayEquals(plain.data().toDoubleArray(), dx.data().toDoubleArray(), 1e-12);
        assertTrue(dx.requiresGrad());
        Tensor penalty = dx.pow(2).sum(new int[] {1, 2, 3}, false).sqrt().sub(1).pow(2).mean();
        penalty.backward();
        assertTrue(w.grad() != null && w.grad().abs().sum().item() > 0, "the penalty reaches the conv weight through the double backward");
        assertTrue(v.grad() != null && v.grad().abs().sum().item() > 0, "and the linear weight");
    }

    @Test
    void anInputTheOutputDoesNotReadGetsZeros() {
        Tensor a = Tensor.param(NDArray.randn(new Generator(1), DType.FLOAT64, 3)), b = Tensor.param(NDArray.zeros(DType.FLOAT64, 2));
        Tensor[] g = Autograd.grad(a.mul(a).sum(), a, b);
        assertArrayEquals(new double[] {0, 0}, g[1].data().toDoubleArray());
        assertArrayEquals(a.data().mul(2).toDoubleArray(), g[0].data().toDoubleArray(), 1e-15);
    }

    @Test
    void aNonLeafInputGetsTheGradientThatReachesIt() {
        Tensor a = Tensor.param(NDArray.randn(new Generator(2), DType.FLOAT64, 3));
        Tensor h = a.mul(3);
        Tensor gh = Autograd.grad(h.mul(h).sum(), h)[0];
        assertArrayEquals(h.data().mul(2).toDoubleArray(), gh.data().toDoubleArray(), 1e-15);
    }

    @Test
    void anOpWithoutDoubleBackwardOnThePathIsNamed() {
        Tensor x = Tensor.param(randn(3, 1, 1, 4, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(x.maxPool2d(Pool2dParams.kernel(2)).sum(), new Tensor[] {x}, null, true));
        assertTrue(e.getMessage().contains("'max_pool2d' has no double backward"), e.getMessage());
        assertEquals(4, Autograd.grad(x.maxPool2d(Pool2dParams.kernel(2)).sum(), x)[0].data().sum().item(), 1e-12);   // without createGraph it works
    }

    @Test
    void badArgumentsAreRefused() {
        Tensor c = Tensor.of(randn(4, 2)), p = Tensor.param(randn(5, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Autograd.grad(p.sum(), c)).getMessage().contains("does not require grad"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Autograd.grad(p.mul(2), p)).getMessage().contains("needs a gradOutput"));
    }
}
