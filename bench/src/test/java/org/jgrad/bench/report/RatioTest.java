package org.jgrad.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.Result;
import org.jgrad.bench.timing.Summary;
import org.jgrad.tensor.DType;
import org.junit.jupiter.api.Test;

class RatioTest {
    @Test
    void jgradAgainstPeersOnTheSameDeviceAndEachGpuAgainstTheCpu() {
        List<Ratio> pairs = Ratio.pairs(List.of("jgrad@cpu", "pytorch@cpu", "jgrad@cuda:0", "pytorch-eager@cuda:0"));
        assertEquals(List.of(
                new Ratio("jgrad@cpu", "pytorch@cpu", "jgrad/pytorch cpu"),
                new Ratio("jgrad@cuda:0", "pytorch-eager@cuda:0", "jgrad/pytorch-eager cuda:0"),
                new Ratio("jgrad@cuda:0", "jgrad@cpu", "jgrad cuda:0/cpu")), pairs);
        assertEquals(List.of(), Ratio.pairs(List.of("jgrad@cpu")));
    }

    @Test
    void anEmulatedDeviceIsInNoRatio() {
        assertEquals(List.of(new Ratio("jgrad@cpu", "pytorch@cpu", "jgrad/pytorch cpu")),
                Ratio.pairs(List.of("jgrad@cpu", "pytorch@cpu", "jgrad@cuda:0-emulated")));
        assertEquals(true, Ratio.emulated("jgrad@cuda:0-emulated"));
        assertEquals(false, Ratio.emulated("jgrad@cuda:0"));
    }

    @Test
    void theRatioOfRatesIsTheInverseRatioOfMedianTimes() {
        Case c = new Case.Matmul(64);
        List<Result> results = List.of(
                new Result("jgrad", "cpu", DType.FLOAT32, c, Summary.of(1e-3, 2e-3, 3e-3), 1, null),
                new Result("pytorch", "cpu", DType.FLOAT32, c, Summary.of(4e-3), 1, null),
                Result.notAvailable("pytorch", "cpu", DType.FLOAT16, c, "no"));
        Ratio r = new Ratio("jgrad@cpu", "pytorch@cpu", "t");
        assertEquals(2.0, r.of(results, c, DType.FLOAT32), 1e-12);
        assertEquals(Double.NaN, r.of(results, c, DType.FLOAT16));
    }
}
