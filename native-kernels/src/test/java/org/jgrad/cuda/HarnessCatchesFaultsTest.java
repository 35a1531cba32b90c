package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import org.jgrad.tensor.Backend;
import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.UnaryOp;
import org.jgrad.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The conformance harness fails on the faults a kernel can have: an output left unwritten, a wrong value, a special
 * value's wrong rule, a write outside its view.
 */
class HarnessCatchesFaultsTest {
    /** The CPU backend with primitive {@code method} replaced by {@code fault}, which gets its arguments. */
    static Backend cpuWithFault(String method, Consumer<Object[]> fault) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, m, args) -> {
            if (m.getName().equals(method)) {
                fault.accept(args);
                return null;
            }
            try {
                return m.invoke(CpuBackend.INSTANCE, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void anOutputLeftUnwrittenKeepsItsPoisonAndFails() {
        ElementwiseConformance suite = () -> new BackendComparison(cpuWithFault("unary", args -> {}));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> suite.unary(UnaryOp.EXP, DType.FLOAT32, 0, true));
        assertTrue(e.getMessage().contains("but got -31337.0"), e.getMessage());
    }

    @Test
    void aValueOffByMoreThanTheToleranceFails() {
        MatmulConformance suite = () -> new BackendComparison(cpuWithFault("matmul", args -> {
            NDArray a = (NDArray) args[0], b = (NDArray) args[1], out = (NDArray) args[2];
            CpuBackend.INSTANCE.matmul(a, b, out);
            NDArray corner = out.narrow(1, 0, 1).narrow(2, 0, 1);
            // 0.5 off: more than any tolerance here, 4·rtol·Σ|a||b| <= 4·1e-5·(264·16) ≈ 0.17 (k <= 264, |values| <= 4)
            corner.assign(corner.add(0.5));
        }));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> suite.matmul(DType.FLOAT32, MatmulConformance.Form.PLAIN, true));
        assertTrue(e.getMessage().contains("values differ") && e.getMessage().contains("at [0, 0, 0]"), e.getMessage());
    }

    /**
     * The device's rules before they were made the CPU's (issue 17): maximum by "a > b ? a : b" after
     * the NaN tests, which keeps -0 for max(+0, -0), and pow by the math library as Java has it,
     * pow(1, NaN) = NaN. The special-value cases catch both, the first through the sign of a zero.
     */
    @Test
    void theOldDeviceRulesForMaximumAndPowFailTheSpecialValueCases() {
        ElementwiseConformance suite = () -> new BackendComparison(cpuWithFault("binary", args -> {
            BinaryOp op = (BinaryOp) args[0];
            NDArray a = (NDArray) args[1], b = (NDArray) args[2], out = (NDArray) args[3];
            double[] x = a.contiguous().toDoubleArray(), y = b.contiguous().toDoubleArray(), z = new double[x.length];
            for (int i = 0; i < z.length; i++)
                z[i] = op == BinaryOp.POW ? Math.pow(x[i], y[i])
                        : x[i] != x[i] ? x[i] : y[i] != y[i] ? y[i] : x[i] > y[i] ? x[i] : y[i];
            out.assign(NDArray.of(z).to(out.dtype()).reshape(out.shape()));
        }));
        AssertionFailedError max = assertThrows(AssertionFailedError.class, () -> suite.binarySpecialValues(BinaryOp.MAXIMUM, DType.FLOAT32, true));
        assertTrue(max.getMessage().contains("zeros differ in sign"), max.getMessage());
        AssertionFailedError pow = assertThrows(AssertionFailedError.class, () -> suite.binarySpecialValues(BinaryOp.POW, DType.FLOAT16, false));
        assertTrue(pow.getMessage().contains("expected 1.0 but got NaN"), pow.getMessage());
    }

    @Test
    void aWriteOutsideTheDestinationViewFails() {
        NDArray storage = BackendComparison.poisoned(DType.FLOAT32, 10);
        NDArray view = storage.slice(0, 1, 9, 2); // elements 1, 3, 5, 7
        NDArray src = NDArray.of(1.0, 2.0, 3.0, 4.0).to(DType.FLOAT32);
        NDArray expected = BackendComparison.copyTo(CpuBackend.INSTANCE, view), actual = BackendComparison.copyTo(CpuBackend.INSTANCE, view);
        CpuBackend.INSTANCE.copy(src, expected);
        CpuBackend.INSTANCE.copy(src, new NDArray(actual.storage(), actual.shape(), new int[] {1}, actual.offset())); // ignores the stride
        BackendComparison harness = new BackendComparison(CpuBackend.INSTANCE);
        assertThrows(AssertionFailedError.class, () -> harness.checkStorage("copy into a stepped view", expected, actual));
    }
}
