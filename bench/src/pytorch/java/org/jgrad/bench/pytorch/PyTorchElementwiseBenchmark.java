package org.jgrad.bench.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.TimeUnit;
import org.jgrad.bench.Workloads;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The peer of {@link org.jgrad.bench.ElementwiseBenchmark}: PyTorch's CPU float32 {@code add} (a new
 * output each call, closed at once) and full {@code sum} (read back as a Java float) over the same
 * seeded 16M-element vectors.
 *
 * <p>Measured: time per operation ({@link Mode#SampleTime}, milliseconds per operation; median p0.50 in
 * the report). Work: add {@link Workloads#addBytes() 3 × 4 bytes × n}, sum {@link Workloads#sumBytes()
 * 4 bytes × n} → GB/s.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g", "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=2"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 8, time = 2, timeUnit = TimeUnit.SECONDS)
public class PyTorchElementwiseBenchmark {
    private NDManager manager;
    private NDArray a;
    private NDArray b;

    @Setup(Level.Trial)
    public void setup() {
        manager = PyTorchSupport.newManager();
        a = PyTorchSupport.randomArray(manager, Workloads.SEED, Workloads.ELEMENTS);
        b = PyTorchSupport.randomArray(manager, Workloads.SEED + 1, Workloads.ELEMENTS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public void add(Blackhole bh) {
        try (NDArray c = a.add(b)) {
            bh.consume(c);
        }
    }

    @Benchmark
    public float sum() {
        try (NDArray s = a.sum()) {
            return s.toFloatArray()[0];
        }
    }
}
