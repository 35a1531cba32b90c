package org.jgrad.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.function.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer against a trajectory computed here, with plain doubles, from the published
 * update rules (PyTorch's torch.optim and fastai's optimizer), on the quadratic
 * f(p) = Σ ½·aᵢ·pᵢ² + bᵢ·pᵢ, whose gradient is a·p + b.
 */
class OptimizerTrajectoryTest {
    static final double[] P0 = {1.0, -2.0, 0.5};
    static final double[] A = {2.0, 0.5, 3.0};
    static final double[] B = {0.1, -0.3, 0.0};
    static final int STEPS = 5;
    static final double TOL = 1e-12;

    static Tensor param() {
        return Tensor.param(NDArray.of(P0.clone()));
    }

    static double grad(double p, int i) {
        return A[i] * p + B[i];
    }

    /** Runs {@code STEPS} steps of {@code opt} on the quadratic; returns p after each. */
    static double[][] run(Optimizer opt, Tensor p, int steps) {
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            double[] v = p.data().toDoubleArray();
            double[] g = new double[v.length];
            for (int i = 0; i < v.length; i++) g[i] = grad(v[i], i);
            p.setGrad(NDArray.of(g));
            opt.step();
            opt.zeroGrad();
            out[t] = p.data().toDoubleArray();
        }
        return out;
    }

    /** The reference: one element at a time, a fresh per-element updater from {@code factory}. */
    interface Rule { double step(double p, double g, int t); }

    static double[][] reference(Function<Integer, Rule> factory, int steps) {
        double[][] out = new double[steps][P0.length];
        for (int i = 0; i < P0.length; i++) {
            Rule rule = factory.apply(i);
            double p = P0[i];
            for (int t = 1; t <= steps; t++) {
                p = rule.step(p, grad(p, i), t);
                out[t - 1][i] = p;
            }
        }
        return out;
    }

    static void assertTrajectory(double[][] expected, double[][] actual) {
        for (int t = 0; t < expected.length; t++) assertArrayEquals(expected[t], actual[t], TOL, "step " + (t + 1));
    }

    // ------------------------------------------------------------------ SGD

    static Rule sgdRule(double lr, double mu, double damp, double wd, boolean nesterov) {
        double[] buf = new double[1];
        return (p, g, t) -> {
            g = g + wd * p;
            if (mu != 0) {
                buf[0] = t == 1 ? g : mu * buf[0] + (1 - damp) * g;
                g = nesterov ? g + mu * buf[0] : buf[0];
            }
            return p - lr * g;
        };
    }

    void checkSgd(double lr, double mu, double damp, double wd, boolean nesterov) {
        Tensor p = param();
        double[][] actual = run(Sgd.of(List.of(p), lr, mu, damp, wd, nesterov), p, STEPS);
        assertTrajectory(reference(i -> sgdRule(lr, mu, damp, wd, nesterov), STEPS), actual);
    }

    @Test void sgdPlain() { checkSgd(0.1, 0, 0, 0, false); }
    @Test void sgdMomentum() { checkSgd(0.1, 0.9, 0, 0, false); }
    @Test void sgdMomentumDampening() { checkSgd(0.1, 0.9, 0.5, 0, false); }
    @Test void sgdNesterov() { checkSgd(0.1, 0.9, 0, 0, true); }
    @Test void sgdCoupledWeightDecay() { checkSgd(0.1, 0.9, 0, 0.05, false); }
    @Test void sgdNesterovWeightDecay() { checkSgd(0.05, 0.8, 0, 0.1, true); }

    @Test
    void sgdFirstStepsByHand() {
        // lr 0.1, momentum 0.9, element 0: p=1, g=2.1 → buf=2.1, p=0.79; g=1.68 → buf=0.9·2.1+1.68=3.57, p=0.433
        Tensor p = param();
        double[][] actual = run(Sgd.of(List.of(p), 0.1, 0.9, 0, 0, false), p, 2);
        assertEquals(0.79, actual[0][0], TOL);
        assertEquals(0.433, actual[1][0], TOL);
    }

    // ------------------------------------------------------------------ RMSprop

    static Rule rmsRule(double lr, double alpha, double eps, double wd, double mu, boolean centered) {
        double[] s = new double[3]; // v, a, b
        return (p, g, t) -> {
            g = g + wd * p;
            s[0] = alpha * s[0] + (1 - alpha) * g * g;
            double d;
            if (centered) {
                s[1] = alpha * s[1] + (1 - alpha) * g;
                d = Math.sqrt(s[0] - s[1] * s[1]) + eps;
            } else {
                d = Math.sqrt(s[0]) + eps;
            }
            if (mu > 0) {
                s[2] = mu * s[2] + g / d;
                return p - lr * s[2];
            }
            return p - lr * g / d;
        };
    }

    void checkRms(double lr, double alpha, double eps, double wd, double mu, boolean centered) {
        Tensor p = param();
        double[][] actual = run(new RmsProp(List.of(ParamGroup.of(p)), lr, alpha, eps, wd, mu, centered), p, STEPS);
        assertTrajectory(reference(i -> rmsRule(lr, alpha, eps, wd, mu, centered), STEPS), actual);
    }

    @Test void rmspropPlain() { checkRms(0.01, 0.99, 1e-8, 0, 0, false); }
    @Test void rmspropMomentum() { checkRms(0.01, 0.9, 1e-8, 0, 0.9, false); }
    @Test void rmspropCentered() { checkRms(0.01, 0.9, 1e-8, 0, 0, true); }
    @Test void rmspropCenteredMomentumWeightDecay() { checkRms(0.02, 0.95, 1e-6, 0.1, 0.5, true); }

    // ------------------------------------------------------------------ Adam, AdamW, fastai Adam

    /** PyTorch's Adam (decoupled=false) and AdamW (decoupled=true). */
    static Rule adamRule(double lr, double b1, double b2, double eps, double wd, boolean decoupled) {
        double[] s = new double[2];
        return (p, g, t) -> {
            if (decoupled) p = p * (1 - lr * wd);
            else g = g + wd * p;
            s[0] = b1 * s[0] + (1 - b1) * g;
            s[1] = b2 * s[1] + (1 - b2) * g * g;
            double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
            return p - lr / bc1 * s[0] / (Math.sqrt(s[1]) / Math.sqrt(bc2) + eps);
        };
    }

    @Test
    void adamWithL2() {
        Tensor p = param();
        double[][] actual = run(new Adam(List.of(ParamGroup.of(p)), 0.1, 0.9, 0.999, 1e-8, 0.05), p, STEPS);
        assertTrajectory(reference(i -> adamRule(0.1, 0.9, 0.999, 1e-8, 0.05, false), STEPS), actual);
    }

    @Test
    void adamPlainFirstStepIsSignTimesLr() {
        // with bias correction the first Adam step is lr·g/(|g| + eps·…) ≈ lr·sign(g)
        Tensor p = param();
        double[][] actual = run(Adam.of(List.of(p), 0.1), p, 1);
        assertEquals(1.0 - 0.1 * 2.1 / (2.1 + 1e-8), actual[0][0], TOL);
        assertEquals(0.5 - 0.1 * 1.5 / (1.5 + 1e-8), actual[0][2], TOL);
    }

    @Test
    void adamWDecoupled() {
        Tensor p = param();
        double[][] actual = run(new AdamW(List.of(ParamGroup.of(p)), 0.1, 0.9, 0.999, 1e-8, 0.05), p, STEPS);
        assertTrajectory(reference(i -> adamRule(0.1, 0.9, 0.999, 1e-8, 0.05, true), STEPS), actual);
        // and the two weight-decay styles give different trajectories
        Tensor q = param();
        double[][] coupled = run(new Adam(List.of(ParamGroup.of(q)), 0.1, 0.9, 0.999, 1e-8, 0.05), q, STEPS);
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(coupled[STEPS - 1][0] - actual[STEPS - 1][0]) > 1e-4);
    }

    @Test
    void fastaiAdam() {
        // fastai: p ← p·(1 − lr·wd); m ← mom·m + (1−mom)·g; v ← sqr_mom·v + (1−sqr_mom)·g²;
        // p ← p − lr/debias1 · m / (√(v/debias2) + eps), mom 0.9, sqr_mom 0.99, eps 1e-5, wd 0.01
        double lr = 0.1, mom = 0.9, sqrMom = 0.99, eps = 1e-5, wd = 0.01;
        Tensor p = param();
        Optimizer opt = Adam.fastai(List.of(ParamGroup.of(p)), lr);
        assertEquals(0.9, opt.paramGroups().get(0).get(ParamGroup.MOMENTUM));
        assertEquals(0.99, opt.paramGroups().get(0).get(ParamGroup.BETA2));
        assertEquals(1e-5, opt.paramGroups().get(0).get(ParamGroup.EPS));
        assertEquals(0.01, opt.paramGroups().get(0).get(ParamGroup.WEIGHT_DECAY));
        double[][] actual = run(opt, p, STEPS);
        double[][] expected = reference(i -> {
            double[] s = new double[2];
            return (q, g, t) -> {
                q = q * (1 - lr * wd);
                s[0] = mom * s[0] + (1 - mom) * g;
                s[1] = sqrMom * s[1] + (1 - sqrMom) * g * g;
                double debias1 = 1 - Math.pow(mom, t), debias2 = 1 - Math.pow(sqrMom, t);
                return q - lr / debias1 * s[0] / (Math.sqrt(s[1] / debias2) + eps);
            };
        }, STEPS);
        assertTrajectory(expected, actual);
    }

    // ------------------------------------------------------------------ groups, skipping, autograd

    @Test
    void groupsHaveTheirOwnHyperparameters() {
        Tensor p = param(), q = param();
        Sgd opt = new Sgd(List.of(ParamGroup.of(p), ParamGroup.of(q).lr(0.01).momentum(0.5)), 0.1, 0.9, 0, 0, false);
        for (int t = 0; t < STEPS; t++) {
            for (Tensor x : List.of(p, q)) {
                double[] v = x.data().toDoubleArray(), g = new double[v.length];
                for (int i = 0; i < v.length; i++) g[i] = grad(v[i], i);
                x.setGrad(NDArray.of(g));
            }
            opt.step();
        }
        assertArrayEquals(reference(i -> sgdRule(0.1, 0.9, 0, 0, false), STEPS)[STEPS - 1], p.data().toDoubleArray(), TOL);
        assertArrayEquals(reference(i -> sgdRule(0.01, 0.5, 0, 0, false), STEPS)[STEPS - 1], q.data().toDoubleArray(), TOL);
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Tensor p = param(), q = param();
        Adam opt = new Adam(List.of(ParamGroup.of(p, q)), 0.1, 0.9, 0.999, 1e-8, 0.1);
        p.setGrad(NDArray.of(1.0, 1.0, 1.0));
        opt.step();
        assertArrayEquals(P0, q.data().toDoubleArray(), 0);
        assertEquals(0, opt.state(0, 1).step());
        assertNull(opt.state(0, 1).get("exp_avg"));
        assertEquals(1, opt.state(0, 0).step());
    }

    @Test
    void updatesInPlaceFromAutogradGradients() {
        Linear lin = new Linear(3, 2, true, new Generator(7));
        NDArray before = lin.weight().data().copy();
        NDArray storageView = lin.weight().data();
        Sgd opt = Sgd.of(lin.parameters(), 0.5);
        Tensor x = Tensor.of(NDArray.of(new float[] {1, 2, 3}).reshape(1, 3));
        lin.forward(x).sum().backward();
        NDArray g = lin.weight().grad().copy();
        opt.step();
        // same array object written in place; w' = w − 0.5·g
        org.junit.jupiter.api.Assertions.assertSame(storageView, lin.weight().data());
        assertArrayEquals(before.sub(g.mul(0.5)).toFloatArray(), lin.weight().data().toFloatArray(), 1e-6f);
        opt.zeroGrad();
        assertNull(lin.weight().grad());
    }
}
