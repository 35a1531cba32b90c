package org.jgrad.bench.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
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
 * The peer of {@link org.jgrad.bench.Conv2dBenchmark}: PyTorch's CPU float32 conv2d (DJL's
 * {@code Conv2d.conv2d}, i.e. torch convolution, no bias) on the same seeded input (64, 32, 28, 28) and
 * weight (64, 32, 3, 3), padding 1, stride 1, dilation 1, one group. The output is closed after each call.
 *
 * <p>Measured: time per convolution ({@link Mode#SampleTime}, milliseconds per operation; median p0.50
 * in the report). Work: {@link Workloads#conv2dFlops() 2·N·Cout·OH·OW·Cin·kH·kW} → GFLOP/s.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms2g", "-Xmx2g", "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=2"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 8, time = 2, timeUnit = TimeUnit.SECONDS)
public class PyTorchConv2dBenchmark {
    private NDManager manager;
    private NDArray x;
    private NDArray w;
    private Shape stride;
    private Shape padding;
    private Shape dilation;

    @Setup(Level.Trial)
    public void setup() {
        manager = PyTorchSupport.newManager();
        x = PyTorchSupport.randomArray(manager, Workloads.SEED, Workloads.CONV_N, Workloads.CONV_CIN, Workloads.CONV_H, Workloads.CONV_W);
        w = PyTorchSupport.randomArray(manager, Workloads.SEED + 1, Workloads.CONV_COUT, Workloads.CONV_CIN, Workloads.CONV_K, Workloads.CONV_K);
        stride = new Shape(Workloads.CONV_STRIDE, Workloads.CONV_STRIDE);
        padding = new Shape(Workloads.CONV_PAD, Workloads.CONV_PAD);
        dilation = new Shape(1, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public void conv2d(Blackhole bh) {
        try (NDList out = Conv2d.conv2d(x, w, null, stride, padding, dilation, 1)) {
            bh.consume(out);
        }
    }
}
