package org.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Flatten;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.layers.Residual;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

class ModuleTest {
    private static Sequential mlp(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Flatten(), new Linear(4, 3, true, g), new Activations.ReLU(), new Linear(3, 2, false, g));
    }

    @Test
    void parametersAreNamedWithDotsInRegistrationOrder() {
        Sequential m = mlp(1);
        assertEquals(List.of("1.weight", "1.bias", "3.weight"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(4 * 3 + 3 + 3 * 2, m.parameterCount());
        assertEquals(List.of("", "0", "1", "2", "3"), List.copyOf(m.namedModules().keySet()));
    }

    @Test
    void printsATreeWithParameterCounts() {
        String expected = """
                Sequential(
                  (0): Flatten(start=1, end=-1)
                  (1): Linear(in=4, out=3, bias=true)  # 15 parameters
                  (2): ReLU()
                  (3): Linear(in=3, out=2, bias=false)  # 6 parameters
                )  # 21 parameters""";
        assertEquals(expected, mlp(1).toString());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Sequential m = new Sequential(mlp(1), new Residual(new Linear(2, 2)));
        m.eval();
        m.apply(sub -> assertFalse(sub.isTraining(), sub.getClass().getSimpleName()));
        m.train();
        m.apply(sub -> assertTrue(sub.isTraining()));
    }

    @Test
    void theSameSeedGivesTheSameModelAndLinearMatchesItsFormula() {
        Sequential a = mlp(7), b = mlp(7);
        a.stateDict().forEach((k, v) -> assertArrayEquals(v.toFloatArray(), b.stateDict().get(k).toFloatArray(), k));
        Linear lin = (Linear) a.get(1);
        float bound = (float) (1 / Math.sqrt(4));
        for (float w : lin.weight().data().toFloatArray()) assertTrue(Math.abs(w) <= bound, "weight " + w + " outside ±1/√in");
        NDArray x = NDArray.randn(new Generator(3), DType.FLOAT32, 5, 4);
        NDArray expected = x.matmul(lin.weight().data().mT()).add(lin.bias().data());
        assertTrue(lin.forward(Tensor.of(x)).data().allClose(expected, 1e-6, 1e-6));
    }

    @Test
    void loadStateDictReplacesValuesButKeepsTheParameterTensors() {
        Sequential a = mlp(1), b = mlp(2);
        Tensor weightBefore = b.namedParameters().get("1.weight");
        b.loadStateDict(a.stateDict(), true);
        assertSame(weightBefore, b.namedParameters().get("1.weight"));
        assertArrayEquals(a.stateDict().get("1.weight").toFloatArray(), weightBefore.data().toFloatArray());
        assertNotSame(a.stateDict().get("1.weight"), weightBefore.data(), "loading copies, so the two models stay independent");
    }

    @Test
    void strictLoadingListsEveryProblemAndChangesNothing() {
        Sequential m = mlp(1);
        Map<String, NDArray> before = m.stateDict();
        Map<String, NDArray> bad = new java.util.LinkedHashMap<>(mlp(2).stateDict());
        bad.remove("1.bias");
        bad.put("extra.weight", NDArray.zeros(2));
        bad.put("3.weight", NDArray.zeros(9, 9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(bad, true));
        assertTrue(e.getMessage().contains("missing keys [1.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys [extra.weight]"), e.getMessage());
        assertTrue(e.getMessage().contains("'3.weight': the model has (2, 3), the state has (9, 9)"), e.getMessage());
        m.stateDict().forEach((k, v) -> assertSame(before.get(k), v, k + " was changed by a failed load"));
        bad.remove("3.weight");
        m.loadStateDict(bad, false); // non-strict: ignores missing and unexpected keys
        assertArrayEquals(bad.get("1.weight").toFloatArray(), m.stateDict().get("1.weight").toFloatArray());
    }

    @Test
    void badInputNamesTheLayerAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Linear(4, 3).forward(Tensor.of(NDArray.zeros(2, 5))));
        assertTrue(e.getMessage().contains("Linear(in=4, out=3)") && e.getMessage().contains("(2, 5)"), e.getMessage());
    }

    @Test
    void toTheCpuKeepsParameterIdentity() {
        Sequential m = mlp(1);
        Tensor w = m.namedParameters().get("1.weight");
        m.to(Device.CPU);
        assertSame(w, m.namedParameters().get("1.weight"));
        assertThrows(IllegalArgumentException.class, () -> m.to(Device.cuda(0)));
    }
}
