package org.jgrad.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.NormalizationLayer;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

class LayerGroupsTest {
    static final double REL = 1e-12;

    /** A stand-in normalization layer: y = x·weight + bias. */
    static final class TestNorm extends Module implements NormalizationLayer {
        final Tensor weight, bias;
        TestNorm(int n) {
            weight = registerParameter("weight", NDArray.ones(DType.FLOAT32, n));
            bias = registerParameter("bias", NDArray.zeros(n));
        }
        @Override public Tensor forward(Tensor x) { return x.mul(weight).add(bias); }
    }

    static void assertRel(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], Math.abs(expected[i]) * REL, "index " + i);
    }

    // ------------------------------------------------------------------ slice

    @Test
    void sliceLoHiIsGeometric() {
        assertRel(new double[] {1e-5, 1e-4, 1e-3}, Lr.slice(1e-5, 1e-3).values(3));
        assertRel(new double[] {1e-3}, Lr.slice(1e-5, 1e-3).values(1));
        assertRel(new double[] {1e-6, 1e-5, 1e-4, 1e-3}, Lr.evenMults(1e-6, 1e-3, 4));
    }

    @Test
    void sliceHiGivesATenthToAllButTheLast() {
        assertRel(new double[] {1e-4, 1e-4, 1e-3}, Lr.slice(1e-3).values(3));
        assertRel(new double[] {1e-3}, Lr.slice(1e-3).values(1));
    }

    @Test
    void anyRatioBetweenGroups() {
        assertRel(new double[] {1e-2 / (2.6 * 2.6), 1e-2 / 2.6, 1e-2}, Lr.ratio(1e-2, 2.6).values(3));
        assertRel(new double[] {0.1, 0.2, 0.3}, Lr.of(0.1, 0.2, 0.3).values(3));
        assertThrows(IllegalArgumentException.class, () -> Lr.of(0.1, 0.2).values(3));
        assertThrows(IllegalArgumentException.class, () -> Lr.slice(0, 1e-3));
    }

    // ------------------------------------------------------------------ layer groups

    /** Linear(3,4) | TestNorm(4), Linear(4,4) | Linear(4,2): three layer groups. */
    static Sequential model() {
        Generator g = new Generator(3);
        return new Sequential(new Linear(3, 4, true, g), new TestNorm(4), new Linear(4, 4, true, g), new Linear(4, 2, true, g));
    }

    @Test
    void aSingleGroupKeepsTheModelsParameterNames() {
        Sequential m = model();
        List<ParamGroup> pgs = LayerGroups.single(m).paramGroups();
        assertEquals(List.of("0.weight", "2.weight", "3.weight"), pgs.get(0).names());
        assertEquals(List.of("0.bias", "2.bias", "3.bias"), pgs.get(1).names());
        assertEquals(List.of("1.weight", "1.bias"), pgs.get(2).names());
    }

    @Test
    void splitGroupsAndTagsParameters() {
        Sequential m = model();
        LayerGroups lg = LayerGroups.split(m, 1, 3);
        assertEquals(3, lg.size());
        List<ParamGroup> pgs = lg.paramGroups();
        // group 0: weight | bias; group 1: weight | bias | norm; group 2: weight | bias
        assertEquals(7, pgs.size());
        assertEquals(List.of("0.weight"), pgs.get(0).names());
        assertEquals(List.of("0.bias"), pgs.get(1).names());
        assertEquals(List.of("2.weight"), pgs.get(2).names());
        assertEquals(List.of("2.bias"), pgs.get(3).names());
        assertEquals(List.of("1.weight", "1.bias"), pgs.get(4).names());
        assertTrue(pgs.get(4).isNormalization());
        assertEquals(List.of(0, 0, 1, 1, 1, 2, 2), pgs.stream().map(ParamGroup::layerGroup).toList());
        int total = pgs.stream().mapToInt(p -> p.params().size()).sum();
        assertEquals(m.parameters().size(), total);
        assertEquals(4, LayerGroups.byChildren(m).size());
    }

    @Test
    void noWeightDecayOnBiasAndNormalizationByDefault() {
        Sequential m = model();
        List<ParamGroup> pgs = LayerGroups.split(m, 1, 3).paramGroups();
        // AdamW with zero gradients: only the decoupled decay moves parameters, p ← p·(1 − lr·wd)
        double lr = 0.1, wd = 0.5;
        AdamW opt = new AdamW(pgs, lr, 0.9, 0.999, 1e-8, wd);
        var before = new java.util.LinkedHashMap<String, float[]>();
        m.namedParameters().forEach((n, p) -> { before.put(n, p.data().toFloatArray()); p.setGrad(NDArray.zeros(p.shape())); });
        opt.step();
        m.namedParameters().forEach((n, p) -> {
            float[] b = before.get(n), a = p.data().toFloatArray();
            boolean decays = n.endsWith("weight") && !n.startsWith("1.");
            for (int i = 0; i < b.length; i++)
                assertEquals(decays ? b[i] * (1 - lr * wd) : b[i], a[i], 1e-6, n);
        });
        // asked for: everything decays
        List<ParamGroup> all = LayerGroups.split(m, 1, 3).paramGroups(true);
        AdamW opt2 = new AdamW(all, lr, 0.9, 0.999, 1e-8, wd);
        assertTrue(opt2.paramGroups().stream().allMatch(g -> g.weightDecay() == wd));
    }

    @Test
    void discriminativeLearningRatesPerLayerGroup() {
        Sgd opt = new Sgd(LayerGroups.split(model(), 1, 3).paramGroups(), 0.1, 0.9, 0, 1e-2, false);
        assertEquals(3, opt.layerGroupCount());
        opt.setLr(Lr.slice(1e-5, 1e-3).values(opt.layerGroupCount()));
        double[] expected = {1e-5, 1e-4, 1e-3};
        for (ParamGroup g : opt.paramGroups()) assertEquals(expected[g.layerGroup()], g.lr(), expected[g.layerGroup()] * REL);
        opt.setLr(0.5);
        for (ParamGroup g : opt.paramGroups()) assertEquals(0.5, g.lr());
        assertThrows(IllegalArgumentException.class, () -> opt.setLr(1, 2));
    }

    // ------------------------------------------------------------------ freezing

    static void onesGrads(Module m) {
        for (Tensor p : m.parameters()) p.setGrad(NDArray.ones(DType.FLOAT32, p.shape()));
    }

    @Test
    void frozenParametersGetNoGradientFromBackward() {
        Sequential m = model();
        Sgd opt = new Sgd(LayerGroups.split(m, 1, 3).paramGroups(), 0.1, 0, 0, 0, false);
        opt.freeze();
        m.forward(Tensor.of(NDArray.ones(DType.FLOAT32, 5, 3))).sum().backward();
        m.namedParameters().forEach((n, p) -> {
            boolean trains = n.startsWith("3.") || n.startsWith("1.");
            assertEquals(trains, p.requiresGrad(), n);
            assertEquals(trains, p.grad() != null, n + (trains ? " should have" : " should have no") + " gradient");
        });
        opt.unfreeze();
        m.parameters().forEach(p -> assertTrue(p.requiresGrad()));
    }

    @Test
    void freezeTrainsOnlyTheLastGroupAndNormalization() {
        Sequential m = model();
        Sgd opt = new Sgd(LayerGroups.split(m, 1, 3).paramGroups(), 0.1, 0, 0, 0, false);
        opt.freeze();
        assertEquals(2, opt.frozenLayerGroups());
        var before = new java.util.LinkedHashMap<String, float[]>();
        m.namedParameters().forEach((n, p) -> before.put(n, p.data().toFloatArray()));
        onesGrads(m);
        opt.step();
        m.namedParameters().forEach((n, p) -> {
            boolean trains = n.startsWith("3.") || n.startsWith("1.");   // head, and the normalization layer
            float[] b = before.get(n), a = p.data().toFloatArray();
            for (int i = 0; i < b.length; i++) assertEquals(trains ? b[i] - 0.1f : b[i], a[i], 1e-6, n);
            if (!trains) assertNull(p.grad(), n + ": a frozen parameter's gradient is cleared");
        });
        assertEquals(0, opt.state(0, 0).step());

        // without trainNormalization the norm layer is frozen too
        opt.trainNormalization(false);
        float[] normBefore = m.namedParameters().get("1.weight").data().toFloatArray();
        onesGrads(m);
        opt.step();
        assertArrayEquals(normBefore, m.namedParameters().get("1.weight").data().toFloatArray());

        // unfreeze: every parameter moves
        opt.unfreeze();
        assertEquals(0, opt.frozenLayerGroups());
        m.namedParameters().forEach((n, p) -> before.put(n, p.data().toFloatArray()));
        onesGrads(m);
        opt.step();
        m.namedParameters().forEach((n, p) -> {
            float[] b = before.get(n), a = p.data().toFloatArray();
            for (int i = 0; i < b.length; i++) assertEquals(b[i] - 0.1f, a[i], 1e-6, n);
        });

        // freezeTo(1): only the first layer group frozen
        opt.freezeTo(1);
        assertTrue(opt.paramGroups().get(0).isFrozen());
        assertTrue(!opt.paramGroups().get(2).isFrozen());
        assertThrows(IllegalArgumentException.class, () -> opt.freezeTo(4));
    }
}
