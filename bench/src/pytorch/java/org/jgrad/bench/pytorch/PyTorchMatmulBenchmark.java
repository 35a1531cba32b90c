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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The peer of {@link org.jgrad.bench.MatmulBenchmark}: PyTorch's CPU float32 matmul (torch.matmul
 * through DJL's {@code NDArray.matMul}) on the same seeded n×n inputs, n = 256, 512, 1024, 2048.
 * PyTorch eager execution on the CPU is synchronous, so the result exists when the call returns; it is
 * closed at once so that native memory does not pile up.
 *
 * <p>Measured: time per matmul ({@link Mode#SampleTime}, milliseconds per operation; median p0.50 in
 * the report). Work: {@link Workloads#matmulFlops(int) 2·n³} floating-point operations → GFLOP/s.
 * Threads: {@code -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=2}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g", "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=2"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 8, time = 2, timeUnit = TimeUnit.SECONDS)
public class PyTorchMatmulBenchmark {
    @Param({"256", "512", "1024", "2048"})
    public int n;

    private NDManager manager;
    private NDArray a;
    private NDArray b;

    @Setup(Level.Trial)
    public void setup() {
        manager = PyTorchSupport.newManager();
        a = PyTorchSupport.randomArray(manager, Workloads.SEED, n, n);
        b = PyTorchSupport.randomArray(manager, Workloads.SEED + 1, n, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public void matmul(Blackhole bh) {
        try (NDArray c = a.matMul(b)) {
            bh.consume(c);
        }
    }
}
