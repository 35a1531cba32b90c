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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * jgrad memory-bound float32 kernels over {@link Workloads#ELEMENTS} = 16M contiguous elements
 * (64 MiB per array, far beyond the caches), inputs from a seeded {@link java.util.Random}:
 * <ul>
 *   <li>{@code add}: {@code c = a + b} with a freshly allocated c; work {@link Workloads#addBytes()
 *       3 arrays × 4 bytes × n} (two reads and one write), reported as GB/s;</li>
 *   <li>{@code sum}: the full reduction {@code a.sum()} to a scalar; work {@link Workloads#sumBytes()
 *       4 bytes × n}, reported as GB/s.</li>
 * </ul>
 * Measured: time per operation ({@link Mode#SampleTime}, milliseconds per operation; the report takes
 * the median, p0.50); GB/s = bytes / median seconds / 1e9.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 8, time = 2, timeUnit = TimeUnit.SECONDS)
public class ElementwiseBenchmark {
    private NDArray a;
    private NDArray b;

    @Setup(Level.Trial)
    public void setup() {
        BenchSupport.requireVectorApi();
        a = BenchSupport.randomArray(Workloads.SEED, Workloads.ELEMENTS);
        b = BenchSupport.randomArray(Workloads.SEED + 1, Workloads.ELEMENTS);
    }

    @Benchmark
    public NDArray add() {
        return a.add(b);
    }

    @Benchmark
    public double sum() {
        return a.sum().item();
    }
}
