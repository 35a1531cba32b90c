package org.jgrad.cuda;

import java.util.List;
import java.util.stream.Stream;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.ReduceOp;
import org.jgrad.tensor.UnaryOp;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One family of the CUDA conformance suite run outside JUnit, in a process of its own: what
 * {@link PlantedFaultsTest} starts with a deliberately broken kernel library in front of the
 * emulated device's. Prints "ok: N cases" and exits 0 when every case passes; prints the first
 * failing case and its message and exits 1 otherwise.
 *
 * <pre>java -Djgrad.cuda.emulated=true ... org.jgrad.cuda.PlantedFaultRun matmul|reduce|unary|adam</pre>
 */
final class PlantedFaultRun {
    private PlantedFaultRun() {}

    public static void main(String[] args) {
        CudaConformanceTest suite = new CudaConformanceTest();
        suite.needsAGpu();
        String family = args[0];
        Stream<Arguments> cases = switch (family) {
            case "matmul" -> MatmulConformance.cases();
            case "reduce" -> ReductionConformance.reduceCases();
            case "unary" -> ElementwiseConformance.unaryCases();
            case "adam" -> RandomAndOptimizerConformance.adamCases();
            default -> throw new IllegalArgumentException("unknown family '" + family + "' (matmul, reduce, unary, adam)");
        };
        List<Arguments> all = cases.toList();
        for (Arguments c : all) {
            Object[] v = c.get();
            try {
                switch (family) {
                    case "matmul" -> suite.matmul((DType) v[0], (MatmulConformance.Form) v[1], (Boolean) v[2]);
                    case "reduce" -> suite.reduce((ReduceOp) v[0], (DType) v[1], (Integer) v[2], (Boolean) v[3]);
                    case "adam" -> suite.adamUpdate((DType) v[0], (Integer) v[1]);
                    default -> suite.unary((UnaryOp) v[0], (DType) v[1], (Integer) v[2], (Boolean) v[3]);
                }
            } catch (Throwable e) {
                System.out.println("FAILED: " + family + " " + java.util.Arrays.toString(v) + ": " + String.valueOf(e).replace("\n", " | "));
                System.exit(1);
            }
        }
        System.out.println("ok: " + all.size() + " cases");
        System.exit(0);
    }
}
