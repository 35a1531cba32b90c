package org.jgrad.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CrossoverTest {
    private static TreeMap<Double, Double> rates(double... sizeRatePairs) {
        TreeMap<Double, Double> m = new TreeMap<>();
        for (int i = 0; i < sizeRatePairs.length; i += 2) m.put(sizeRatePairs[i], sizeRatePairs[i + 1]);
        return m;
    }

    @Test
    void theSmallestSizeFromWhichTheGpuStaysAhead() {
        TreeMap<Double, Double> cpu = rates(64, 50, 128, 100, 256, 150, 512, 200);
        assertEquals(256, Crossover.find(cpu, rates(64, 5, 128, 40, 256, 300, 512, 2000)));
        // ahead at 64 by chance, behind at 128: the crossover is where it stays ahead
        assertEquals(256, Crossover.find(cpu, rates(64, 60, 128, 40, 256, 300, 512, 2000)));
        assertEquals(64, Crossover.find(cpu, rates(64, 60, 128, 400, 256, 300, 512, 2000)));
    }

    @Test
    void noCrossoverWhenTheGpuIsBehindAtTheLargestSizeOrNothingIsShared() {
        TreeMap<Double, Double> cpu = rates(64, 50, 128, 100);
        assertEquals(Double.NaN, Crossover.find(cpu, rates(64, 500, 128, 90)));
        assertEquals(Double.NaN, Crossover.find(cpu, rates(1024, 5000)));
        assertEquals(Double.NaN, Crossover.find(cpu, new TreeMap<>()));
    }
}
