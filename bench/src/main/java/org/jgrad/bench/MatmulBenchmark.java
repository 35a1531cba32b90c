package org.jgrad.bench;

import java.util.concurrent.TimeUnit;
import org.jgrad.tensor.NDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * jgrad float32 square matmul {@code C = A·B}, A and B n×n (n = 256, 512, 1024, 2048), filled from a
 * {@link java.util.Random} seeded with {@link Workloads#SEED}; the output is allocated by each call,
 * as in ordinary use.
 *
 * <p>Measured: time per matmul ({@link Mode#SampleTime}, milliseconds per operation; the report takes
 * the median, p0.50). Work: {@link Workloads#matmulFlops(int) 2·n³} floating-point operations, so
 * GFLOP/s = 2·n³ / median seconds / 1e9.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 8, time = 2, timeUnit = TimeUnit.SECONDS)
public class MatmulBenchmark {
    @Param({"256", "512", "1024", "2048"})
    public int n;

    private NDArray a;
    private NDArray b;

    @Setup(Level.Trial)
    public void setup() {
        BenchSupport.requireVectorApi();
        a = BenchSupport.randomArray(Workloads.SEED, n, n);
        b = BenchSupport.randomArray(Workloads.SEED + 1, n, n);
    }

    @Benchmark
    public NDArray matmul() {
        return a.matmul(b);
    }
}
