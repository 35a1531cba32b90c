package org.jgrad.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

class OptimizerStateAndValidationTest {

    static Tensor param() {
        return Tensor.param(NDArray.of(1.0, -2.0, 0.5));
    }

    static void gradStep(Optimizer opt, Tensor p) {
        double[] v = p.data().toDoubleArray(), g = new double[v.length];
        for (int i = 0; i < v.length; i++) g[i] = (i + 1) * v[i] + 0.1 * i;
        p.setGrad(NDArray.of(g));
        opt.step();
        opt.zeroGrad();
    }

    /** Save after 3 steps, load into a fresh optimizer over a copy: the next steps are identical. */
    void roundTrip(Function<Tensor, Optimizer> make) {
        Tensor p = param();
        Optimizer a = make.apply(p);
        for (int t = 0; t < 3; t++) gradStep(a, p);
        Map<String, NDArray> saved = a.stateDict();

        Tensor q = Tensor.param(p.data().copy());
        Optimizer b = make.apply(q);
        b.loadStateDict(saved);
        assertEquals(3, b.state(0, 0).step());
        for (int t = 0; t < 3; t++) {
            gradStep(a, p);
            gradStep(b, q);
            assertArrayEquals(p.data().toDoubleArray(), q.data().toDoubleArray(), 0, "step " + (4 + t));
        }
        // the saved arrays were copies: continuing did not change them
        assertEquals(3, (long) saved.get("state.0.0.step").item());
    }

    @Test void sgdRoundTrip() { roundTrip(p -> Sgd.of(List.of(p), 0.1, 0.9, 0.1, 0.01, false)); }
    @Test void rmspropRoundTrip() { roundTrip(p -> new RmsProp(List.of(ParamGroup.of(p)), 0.01, 0.9, 1e-8, 0, 0.5, true)); }
    @Test void adamRoundTrip() { roundTrip(p -> new AdamW(List.of(ParamGroup.of(p)), 0.1, 0.9, 0.999, 1e-8, 0.01)); }

    @Test
    void stateDictHoldsHyperparametersAndBuffers() {
        Tensor p = param();
        Adam opt = Adam.of(List.of(p), 0.1);
        gradStep(opt, p);
        Map<String, NDArray> sd = opt.stateDict();
        assertEquals(0.1, sd.get("param_groups.0.lr").item());
        assertEquals(0.999, sd.get("param_groups.0.beta2").item());
        assertTrue(sd.containsKey("state.0.0.exp_avg"));
        assertTrue(sd.containsKey("state.0.0.exp_avg_sq"));
        assertEquals(1, (long) sd.get("state.0.0.step").item());

        // loading restores hyperparameters too
        Tensor q = param();
        Adam other = new Adam(List.of(ParamGroup.of(q)), 0.5, 0.8, 0.9, 1e-6, 0);
        other.loadStateDict(sd);
        assertEquals(0.1, other.paramGroups().get(0).lr());
        assertEquals(0.999, other.paramGroups().get(0).get(ParamGroup.BETA2));
    }

    @Test
    void loadRejectsMismatchesAndChangesNothing() {
        Tensor p = param();
        Adam opt = Adam.of(List.of(p), 0.1);
        gradStep(opt, p);
        Map<String, NDArray> bad = new java.util.LinkedHashMap<>(opt.stateDict());
        bad.put("state.0.0.exp_avg", NDArray.zeros(2));
        bad.put("state.3.0.step", NDArray.of(1L));
        bad.put("nonsense", NDArray.of(1.0));
        Tensor q = param();
        Adam fresh = Adam.of(List.of(q), 0.7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(bad));
        assertTrue(e.getMessage().contains("'state.0.0.exp_avg': shape (2), the parameter has (3)"), e.getMessage());
        assertTrue(e.getMessage().contains("no parameter 0 in group 3"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected key 'nonsense'"), e.getMessage());
        assertEquals(0.7, fresh.paramGroups().get(0).lr());
        assertEquals(0, fresh.state(0, 0).step());
    }

    // ------------------------------------------------------------------ validation

    static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void everyHyperparameterIsChecked() {
        List<ParamGroup> g = List.of(ParamGroup.of(param()));
        assertEquals("Adam: beta2 must be in [0, 1), got 1.5", message(() -> new Adam(List.of(ParamGroup.of(param())), 1e-3, 0.9, 1.5, 1e-8, 0)));
        assertEquals("Adam: beta1 must be in [0, 1), got 1", message(() -> new Adam(List.of(ParamGroup.of(param())), 1e-3, 1.0, 0.999, 1e-8, 0)));
        assertEquals("Adam: lr must be >= 0, got -0.1", message(() -> new Adam(List.of(ParamGroup.of(param())), -0.1, 0.9, 0.999, 1e-8, 0)));
        assertEquals("Adam: eps must be >= 0, got -1.0E-8", message(() -> new Adam(List.of(ParamGroup.of(param())), 1e-3, 0.9, 0.999, -1e-8, 0)));
        assertEquals("AdamW: weight_decay must be >= 0, got -0.01", message(() -> new AdamW(List.of(ParamGroup.of(param())), 1e-3, 0.9, 0.999, 1e-8, -0.01)));
        assertEquals("SGD: lr must be >= 0, got NaN", message(() -> Sgd.of(List.of(param()), Double.NaN)));
        assertEquals("SGD: momentum must be >= 0, got -0.9", message(() -> Sgd.of(List.of(param()), 0.1, -0.9, 0, 0, false)));
        assertEquals("SGD: dampening must be in [0, 1], got 2", message(() -> Sgd.of(List.of(param()), 0.1, 0.9, 2, 0, false)));
        assertEquals("SGD: weight_decay must be >= 0, got -1", message(() -> Sgd.of(List.of(param()), 0.1, 0.9, 0, -1, false)));
        assertTrue(message(() -> Sgd.of(List.of(param()), 0.1, 0, 0, 0, true)).startsWith("SGD: nesterov needs momentum > 0 and dampening = 0"));
        assertTrue(message(() -> Sgd.of(List.of(param()), 0.1, 0.9, 0.5, 0, true)).startsWith("SGD: nesterov needs momentum > 0 and dampening = 0"));
        assertEquals("RMSprop: alpha must be in [0, 1], got 1.1", message(() -> new RmsProp(g, 0.01, 1.1, 1e-8, 0, 0, false)));
        assertEquals("RMSprop: eps must be >= 0, got -1", message(() -> new RmsProp(List.of(ParamGroup.of(param())), 0.01, 0.9, -1, 0, 0, false)));
        assertEquals("RMSprop: momentum must be >= 0, got -0.5", message(() -> new RmsProp(List.of(ParamGroup.of(param())), 0.01, 0.9, 1e-8, 0, -0.5, false)));
        assertEquals("RMSprop: weight_decay must be >= 0, got -0.5", message(() -> new RmsProp(List.of(ParamGroup.of(param())), 0.01, 0.9, 1e-8, -0.5, 0, false)));
        assertEquals("RMSprop: lr must be >= 0, got -1", message(() -> RmsProp.of(List.of(param()), -1)));
    }

    @Test
    void groupOverridesAreCheckedAndNamed() {
        assertEquals("Adam: beta1 must be in [0, 1), got 1.2 (parameter group 1)",
                message(() -> new Adam(List.of(ParamGroup.of(param()), ParamGroup.of(param()).momentum(1.2)), 1e-3, 0.9, 0.999, 1e-8, 0)));
    }

    @Test
    void valuesSetLaterAreCheckedAtTheNextStep() {
        Tensor p = param();
        Adam opt = Adam.of(List.of(p), 0.1);
        opt.paramGroups().get(0).set(ParamGroup.BETA2, 1.5);
        p.setGrad(NDArray.of(1.0, 1.0, 1.0));
        assertEquals("Adam: beta2 must be in [0, 1), got 1.5", message(opt::step));
        assertArrayEquals(new double[] {1.0, -2.0, 0.5}, p.data().toDoubleArray(), 0);
    }

    @Test
    void parametersAreCheckedToo() {
        Tensor p = param();
        assertTrue(message(() -> Sgd.of(List.of(Tensor.of(NDArray.of(1.0))), 0.1)).contains("does not require grad"));
        assertTrue(message(() -> new Sgd(List.of(ParamGroup.of(p), ParamGroup.of(p)), 0.1, 0, 0, 0, false)).contains("appears more than once"));
        assertTrue(message(() -> new Sgd(List.of(), 0.1, 0, 0, 0, false)).contains("at least one parameter group"));
    }
}
