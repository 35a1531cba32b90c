package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every differentiable op, through {@link GradCheck}, from one table of specs; and the table
 * covers every op that records a backward.
 */
class GradCheckTest {
    static List<OpSpec> table() {
        List<OpSpec> all = new ArrayList<>();
        all.addAll(ElementwiseSpecs.specs());
        all.addAll(ActivationSpecs.specs());
        all.addAll(ReductionSpecs.specs());
        all.addAll(ViewSpecs.specs());
        all.addAll(JoinSpecs.specs());
        all.addAll(LinearSpecs.specs());
        all.addAll(ConvSpecs.specs());
        all.addAll(IndexSpecs.specs());
        all.addAll(CastSpecs.specs());
        all.addAll(NormalizationSpecs.specs());
        return all;
    }

    /** Every op name some family declares as recording a backward. */
    static Set<String> declaredOps() {
        Set<String> ops = new TreeSet<>();
        ops.addAll(ElementwiseOps.DIFFERENTIABLE);
        ops.addAll(ActivationOps.DIFFERENTIABLE);
        ops.addAll(ReductionOps.DIFFERENTIABLE);
        ops.addAll(ViewOps.DIFFERENTIABLE);
        ops.addAll(JoinOps.DIFFERENTIABLE);
        ops.addAll(LinearOps.DIFFERENTIABLE);
        ops.addAll(ConvOps.DIFFERENTIABLE);
        ops.addAll(IndexOps.DIFFERENTIABLE);
        ops.addAll(CastOps.DIFFERENTIABLE);
        ops.addAll(NormalizationOps.DIFFERENTIABLE);
        return ops;
    }

    static Stream<OpSpec> specs() {
        return table().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void analyticGradientsMatchFiniteDifferences(OpSpec spec) {
        GradCheck.check(spec.toString(), spec.f(), spec.inputs().get(), spec.differentiable());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void eachSpecRecordsTheOpItNamesAndOnlyDeclaredOps(OpSpec spec) {
        NDArray[] inputs = spec.inputs().get();
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) leaves[i] = Tensor.of(inputs[i], spec.differentiable()[i]);
        Tensor y = spec.f().apply(leaves);
        Set<String> recorded = new TreeSet<>();
        for (Node node : Engine.topologicalOrder(y.gradFn())) recorded.add(node.name());
        assertTrue(recorded.contains(spec.op()), spec + " recorded " + recorded);
        Set<String> undeclared = new TreeSet<>(recorded);
        undeclared.removeAll(declaredOps());
        assertEquals(Set.of(), undeclared, "ops recorded but missing from their family's DIFFERENTIABLE list");
    }

    @Test
    void everyOpWithABackwardHasASpec() {
        Set<String> missing = new TreeSet<>(declaredOps());
        for (OpSpec spec : table()) missing.remove(spec.op());
        assertEquals(Set.of(), missing, "differentiable ops without a gradient-check spec");
    }
}
