package org.jgrad.bench.harness;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.bench.models.BenchModel;

/**
 * What {@code ./jgrad bench} measures, and how long it may spend on each case.
 *
 * <ul>
 *   <li>{@link #full()}: matmul n = 64 … 8192 (powers of two); four conv2d shapes (the first and a
 *       middle layer of model (a), a 32→64 channel 28² layer and a ResNet-like 64→64 56² layer);
 *       add and relu over 2¹⁰ … 2²⁴ elements, sum and max over the same; one training step of
 *       models (a) and (b) at batch 32, 128 and 512; one MNIST epoch of (a) at batch 128.</li>
 *   <li>{@link #quick()} (about a minute on 2 cores): matmul up to 1024, two conv2d shapes, 2¹²,
 *       2¹⁶ and 2²⁰ elements, the same training steps, no epoch.</li>
 *   <li>{@link #tiny()}: a handful of tiny cases, for the tests of the pipeline.</li>
 * </ul>
 */
public record Plan(String name, List<Case> cases, Budget budget) {
    static final int[] TRAIN_BATCHES = {32, 128, 512};
    static final int MNIST_TRAIN_IMAGES = 60_000;

    public static Plan full() {
        List<Case> cases = new ArrayList<>();
        for (int n = 64; n <= 8192; n *= 2) cases.add(new Case.Matmul(n));
        cases.add(new Case.Conv2d(128, 1, 8, 28, 3, 2, 1));
        cases.add(new Case.Conv2d(128, 16, 32, 7, 3, 2, 1));
        cases.add(new Case.Conv2d(64, 32, 64, 28, 3, 1, 1));
        cases.add(new Case.Conv2d(32, 64, 64, 56, 3, 1, 1));
        addMemoryBound(cases, 10, 24, 2);
        addTrainSteps(cases);
        cases.add(new Case.Epoch(BenchModel.BASIC_CNN, 128, MNIST_TRAIN_IMAGES));
        return new Plan("full", cases, Budget.FULL);
    }

    public static Plan quick() {
        List<Case> cases = new ArrayList<>();
        for (int n = 64; n <= 1024; n *= 2) cases.add(new Case.Matmul(n));
        cases.add(new Case.Conv2d(128, 1, 8, 28, 3, 2, 1));
        cases.add(new Case.Conv2d(64, 32, 64, 28, 3, 1, 1));
        addMemoryBound(cases, 12, 20, 4);
        addTrainSteps(cases);
        return new Plan("quick", cases, Budget.QUICK);
    }

    /** Tiny shapes and budgets: checks the pipeline in a second or two. */
    public static Plan tiny() {
        List<Case> cases = List.of(new Case.Matmul(8), new Case.Matmul(16), new Case.Conv2d(2, 1, 4, 8, 3, 2, 1),
                new Case.Elementwise("add", 256), new Case.Reduction("sum", 256), new Case.TrainStep(BenchModel.BASIC_CNN, 2));
        return new Plan("tiny", cases, Budget.TINY);
    }

    /** add, relu, sum and max over 2^fromLog2 … 2^toLog2 elements, every {@code stepLog2}. */
    private static void addMemoryBound(List<Case> cases, int fromLog2, int toLog2, int stepLog2) {
        for (String op : new String[] {"add", "relu"})
            for (int k = fromLog2; k <= toLog2; k += stepLog2) cases.add(new Case.Elementwise(op, 1 << k));
        for (String op : new String[] {"sum", "max"})
            for (int k = fromLog2; k <= toLog2; k += stepLog2) cases.add(new Case.Reduction(op, 1 << k));
    }

    private static void addTrainSteps(List<Case> cases) {
        for (BenchModel model : BenchModel.values())
            for (int batch : TRAIN_BATCHES) cases.add(new Case.TrainStep(model, batch));
    }
}
