package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.tensor.AdamStep;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The hazard that optim.cu's explicit roundings guard against is real: for the AdamW case's
 * (lr, weightDecay), a compiler that contracts {@code 1 - lr * weightDecay} into one FMA (as ptxas
 * may, and as g++ -ffp-contract=fast does) gives a different shrink factor, and the bit-exact
 * conformance case then fails. Shown with a Java twin of {@code adam_update_f64}, which passes the
 * case when it rounds every op as the kernel now does and fails it when its shrink is contracted.
 */
class FusedScalarRoundingTest {
    @Test
    void theSearchFindsALearningRateAndDecayWhereContractionChangesTheShrink() {
        double[] d = RandomAndOptimizerConformance.contractionSensitiveDecay();
        double lr = d[0], wd = d[1];
        assertTrue(lr >= 1e-3 && lr < 2e-3 && wd >= 0.01 && wd < 0.02, lr + ", " + wd);
        assertNotEquals(1 - lr * wd, Math.fma(-lr, wd, 1), "lr " + lr + " wd " + wd);
    }

    @Test
    void theKernelsTwinWithEveryOpRoundedPassesTheAdamCases() {
        RandomAndOptimizerConformance suite = () -> new BackendComparison(twin(false));
        for (int variant = 0; variant < 5; variant++) suite.adamUpdate(DType.FLOAT64, variant);
    }

    @Test
    void aContractedShrinkFailsTheBitExactAdamWCase() {
        RandomAndOptimizerConformance suite = () -> new BackendComparison(twin(true));
        suite.adamUpdate(DType.FLOAT64, 2); // lr 1e-3, wd 0.01: here the contraction happens not to matter
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> suite.adamUpdate(DType.FLOAT64, 4));
        assertTrue(e.getMessage().contains("values differ"), e.getMessage());
    }

    /** The CPU backend with adamUpdate done by a twin of adam_update_f64, its shrink 1 - lr·wd contracted or not. */
    private static org.jgrad.tensor.Backend twin(boolean contracted) {
        return HarnessCatchesFaultsTest.cpuWithFault("adamUpdate", args -> {
            NDArray p = (NDArray) args[0], grad = (NDArray) args[1], m = (NDArray) args[2], v = (NDArray) args[3];
            AdamStep h = (AdamStep) args[4];
            double[] ps = p.toDoubleArray(), gs = grad.toDoubleArray(), ms = m.toDoubleArray(), vs = v.toDoubleArray();
            double lr = h.lr(), wd = h.weightDecay();
            double oneMinusB1 = 1 - h.beta1(), oneMinusB2 = 1 - h.beta2();
            double shrink = contracted ? Math.fma(-lr, wd, 1) : 1 - lr * wd;
            double rootCorrection2 = Math.sqrt(h.biasCorrection2()), stepSize = lr / h.biasCorrection1();
            for (int i = 0; i < ps.length; i++) {
                double pi = ps[i], gi = gs[i], base = pi;
                if (wd != 0) {
                    if (h.decoupled()) base = pi * shrink;
                    else gi = gi + pi * wd;
                }
                double mi = ms[i] * h.beta1() + gi * oneMinusB1;
                double vi = vs[i] * h.beta2() + gi * gi * oneMinusB2;
                double denominator = Math.sqrt(vi) / rootCorrection2 + h.eps();
                ms[i] = mi;
                vs[i] = vi;
                ps[i] = base + -(mi / denominator * stepSize);
            }
            p.assign(NDArray.of(ps).reshape(p.shape()));
            m.assign(NDArray.of(ms).reshape(m.shape()));
            v.assign(NDArray.of(vs).reshape(v.shape()));
        });
    }
}
