package org.jgrad.bench;

import java.util.concurrent.TimeUnit;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
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
 * The host overhead per op, which sets the floor under every small op and every step of a small
 * model (and, on a GPU, how fast kernels can be launched): ops on 4-element float32 arrays, where the
 * arithmetic is nothing and everything measured is Java work.
 * <ul>
 *   <li>{@code ndarrayAdd}: {@code a.add(b)} on {@link NDArray}s, the tensor library's dispatch:
 *       shape checks, broadcasting, dtype promotion, the output's allocation, the backend call;</li>
 *   <li>{@code tensorAddNoGrad}: the same through the autograd {@link Tensor} inside
 *       {@link GradMode#noGrad()}, which adds the wrapper and the mode check;</li>
 *   <li>{@code tensorAddRecorded}: the same with gradients on, which also records the graph node
 *       (inputs, the backward closure);</li>
 *   <li>{@code tensorAddBackward}: recording, a sum to a scalar and {@code backward()}, the whole cost
 *       of one differentiable op in a training step.</li>
 * </ul>
 * Measured: mean time per call ({@link Mode#AverageTime}, nanoseconds). Run:
 * {@code java -jar bench/target/benchmarks.jar OpOverheadBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class OpOverheadBenchmark {
    private NDArray a;
    private NDArray b;
    private Tensor x;
    private Tensor y;

    @Setup(Level.Trial)
    public void setup() {
        a = NDArray.of(1f, 2f, 3f, 4f);
        b = NDArray.of(5f, 6f, 7f, 8f);
        x = Tensor.param(a);
        y = Tensor.param(b);
    }

    @Benchmark
    public NDArray ndarrayAdd() {
        return a.add(b);
    }

    @Benchmark
    public Tensor tensorAddNoGrad() {
        try (var scope = GradMode.noGrad()) {
            return x.add(y);
        }
    }

    @Benchmark
    public Tensor tensorAddRecorded() {
        return x.add(y);
    }

    @Benchmark
    public NDArray tensorAddBackward() {
        x.zeroGrad();
        y.zeroGrad();
        x.add(y).sum().backward();
        return x.grad();
    }
}
