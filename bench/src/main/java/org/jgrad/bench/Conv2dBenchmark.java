package org.jgrad.bench;

import java.util.concurrent.TimeUnit;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.NDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * jgrad float32 conv2d forward without bias: input (N=64, Cin=32, 28, 28), weight (Cout=64, 32, 3, 3),
 * padding 1, stride 1, dilation 1, one group, output (64, 64, 28, 28); inputs from a seeded
 * {@link java.util.Random} (see {@link Workloads}).
 *
 * <p>Measured: time per convolution ({@link Mode#SampleTime}, milliseconds per operation; the report
 * takes the median, p0.50). Work: {@link Workloads#conv2dFlops() 2·N·Cout·OH·OW·Cin·kH·kW}
 * ≈ 1.85 GFLOP, so GFLOP/s = that / median seconds / 1e9.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 8, time = 2, timeUnit = TimeUnit.SECONDS)
public class Conv2dBenchmark {
    private NDArray x;
    private NDArray w;
    private Conv2dParams params;

    @Setup(Level.Trial)
    public void setup() {
        BenchSupport.requireVectorApi();
        x = BenchSupport.randomArray(Workloads.SEED, Workloads.CONV_N, Workloads.CONV_CIN, Workloads.CONV_H, Workloads.CONV_W);
        w = BenchSupport.randomArray(Workloads.SEED + 1, Workloads.CONV_COUT, Workloads.CONV_CIN, Workloads.CONV_K, Workloads.CONV_K);
        params = Conv2dParams.DEFAULT.stride(Workloads.CONV_STRIDE).padding(Workloads.CONV_PAD);
    }

    @Benchmark
    public NDArray conv2d() {
        return x.conv2d(w, params);
    }
}
