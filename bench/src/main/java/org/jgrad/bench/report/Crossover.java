package org.jgrad.bench.report;

import java.util.NavigableMap;

/**
 * Where an accelerator starts to win: the smallest size at which its rate is above the CPU's and
 * stays above at every larger size measured on both. Only sizes measured on both count.
 */
public final class Crossover {
    private Crossover() {}

    /** The crossover size, or NaN when the accelerator never wins from some size on (or nothing is shared). */
    public static double find(NavigableMap<Double, Double> cpuRateBySize, NavigableMap<Double, Double> gpuRateBySize) {
        double crossover = Double.NaN;
        for (double size : cpuRateBySize.descendingKeySet()) {
            Double gpu = gpuRateBySize.get(size);
            if (gpu == null) continue;
            if (gpu > cpuRateBySize.get(size)) crossover = size;
            else break;
        }
        return crossover;
    }
}
