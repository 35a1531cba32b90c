package org.jgrad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jgrad.bench.CpuReport.Iterations;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.TimeValue;

/** The iteration planning of {@link CpuReport} for slow operations (no benchmark runs here). */
class CpuReportPlanTest {
    private static final Iterations FULL = new Iterations(3, TimeValue.seconds(2), 8, TimeValue.seconds(2));

    @Test
    void fastOrUnknownOperationsKeepTheNormalIterations() {
        assertEquals(FULL, CpuReport.plan(Double.NaN, FULL, 45));
        assertEquals(FULL, CpuReport.plan(0.1, FULL, 45));
        assertEquals(22.0, FULL.seconds(0.1), 1e-9);
        assertEquals(FULL, CpuReport.plan(2.0, FULL, 45)); // 11 × 2 s = 22 s
    }

    @Test
    void slowOperationsGetOneWarmupAndThreeMeasurements() {
        Iterations plan = CpuReport.plan(5.0, FULL, 45); // normal would be 55 s; 4 × 5 s = 20 s
        assertEquals(new Iterations(1, TimeValue.seconds(2), 3, TimeValue.seconds(2)), plan);
    }

    @Test
    void verySlowOperationsGetTwoSingleMeasurements() {
        Iterations plan = CpuReport.plan(40.0, FULL, 45); // 4 × 40 s > 67.5 s
        assertEquals(new Iterations(0, TimeValue.seconds(2), 2, TimeValue.seconds(2)), plan);
        assertEquals(80.0, plan.seconds(40.0), 1e-9);
    }
}
