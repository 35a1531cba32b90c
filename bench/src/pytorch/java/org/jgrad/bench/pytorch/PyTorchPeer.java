package org.jgrad.bench.pytorch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import java.util.function.Supplier;
import org.jgrad.bench.Workloads;
import org.jgrad.bench.harness.Case;
import org.jgrad.tensor.DType;

/**
 * The PyTorch CPU peer of {@code ./jgrad bench --peer pytorch}: the same {@link Case}s through DJL
 * 0.36 and PyTorch 2.7.1's CPU kernels. The bench runs it in a child JVM of its own
 * ({@code org.jgrad.bench.harness.PeerServer}), never beside jgrad's thread pool. Inputs are uniform on [-1, 1) from {@link Workloads#randomFloats}; float16 cases convert
 * them. PyTorch eager on the CPU is synchronous, so nothing needs synchronizing; every result is
 * closed right after its call so that native memory does not pile up. Training steps are in
 * {@link PeerTrainingStep}, the epoch in {@link PeerEpoch}.
 *
 * <p>DJL is kept offline ({@code ai.djl.offline=true}: it must find PyTorch's natives in the jar on
 * the class path), unpacks them under {@code ~/.cache/jgrad-bench/djl} (about 430 MB) unless
 * {@code DJL_CACHE_DIR} says otherwise, and uses {@code -Djgrad.threads} (default 2) intra- and
 * inter-op threads, the same as jgrad; properties already set win.
 */
public final class PyTorchPeer implements org.jgrad.bench.harness.Engine {
    private final NDManager manager;

    public PyTorchPeer() {
        String threads = System.getProperty("jgrad.threads", "2");
        setDefault("ai.djl.offline", "true");
        setDefault("DJL_CACHE_DIR", System.getProperty("user.home") + "/.cache/jgrad-bench/djl");
        setDefault("ENGINE_CACHE_DIR", System.getProperty("DJL_CACHE_DIR"));
        setDefault("ai.djl.pytorch.num_threads", threads);
        setDefault("ai.djl.pytorch.num_interop_threads", threads);
        manager = Engine.getEngine("PyTorch").newBaseManager(ai.djl.Device.cpu());
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    @Override
    public String name() {
        return "pytorch";
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public String describe() {
        Engine e = Engine.getEngine("PyTorch");
        return "pytorch on cpu: PyTorch " + e.getVersion() + " through DJL " + Engine.getDjlVersion() + ", "
                + System.getProperty("ai.djl.pytorch.num_threads") + " intra-op and " + System.getProperty("ai.djl.pytorch.num_interop_threads")
                + " inter-op threads";
    }

    @Override
    public Prepared prepare(Case c, DType dtype) throws java.io.IOException {
        DataType type = dataType(dtype);
        if (c instanceof Case.Matmul m) {
            NDArray a = input(type, 1, m.n(), m.n()), b = input(type, 2, m.n(), m.n());
            return closing(() -> a.matMul(b));
        } else if (c instanceof Case.Conv2d k) {
            NDArray x = input(type, 1, k.batch(), k.in(), k.height(), k.height());
            NDArray w = input(type, 2, k.out(), k.in(), k.kernel(), k.kernel());
            Shape stride = new Shape(k.stride(), k.stride()), padding = new Shape(k.padding(), k.padding()), dilation = new Shape(1, 1);
            return closing(() -> Conv2d.conv2d(x, w, null, stride, padding, dilation, 1));
        } else if (c instanceof Case.Elementwise e) {
            NDArray a = input(type, 1, e.n()), b = input(type, 2, e.n());
            return closing(e.op().equals("add") ? () -> a.add(b) : () -> Activation.relu(a));
        } else if (c instanceof Case.Reduction r) {
            NDArray a = input(type, 1, r.n());
            return closing(r.op().equals("sum") ? a::sum : a::max);
        } else if (c instanceof Case.TrainStep t) {
            PeerTrainingStep step = new PeerTrainingStep(manager, t.model(), type, t.batch());
            return new Prepared(step::run, () -> {}, step);
        } else if (c instanceof Case.Epoch e) {
            if (type != DataType.FLOAT32) throw new UnsupportedOperationException("the epoch case trains in float32 only");
            PeerEpoch epoch = new PeerEpoch(manager, e);
            return new Prepared(epoch::run, () -> {}, epoch, epoch::accuracy);
        }
        throw new UnsupportedOperationException("the DJL peer runs ops, training steps and epochs, not " + c.family());
    }

    @Override
    public void close() {
        manager.close();
    }

    private static DataType dataType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT16 -> DataType.FLOAT16;
            case BFLOAT16 -> DataType.BFLOAT16;
            case FLOAT64 -> DataType.FLOAT64;
            default -> throw new UnsupportedOperationException("the DJL peer runs floating dtypes, not " + dtype);
        };
    }

    /** {@link PyTorchSupport#randomArray} (the JMH peers' inputs), in {@code type}. */
    private NDArray input(DataType type, long seedOffset, int... shape) {
        NDArray floats = PyTorchSupport.randomArray(manager, Workloads.SEED + seedOffset, shape);
        return type == DataType.FLOAT32 ? floats : floats.toType(type, false);
    }

    /** A call whose result (an array or a list) is closed at once. */
    private static Prepared closing(Supplier<? extends AutoCloseable> op) {
        return new Prepared(() -> {
            try (AutoCloseable result = op.get()) {
                // PyTorch on the CPU has finished when the call returns.
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, () -> {});
    }
}
