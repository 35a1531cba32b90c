package org.jgrad.bench.pytorch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.jgrad.bench.Workloads;

/** Helpers of the PyTorch (DJL) benchmarks: the engine's manager and seeded float32 inputs. */
final class PyTorchSupport {
    private PyTorchSupport() {}

    /** A new base manager of the PyTorch engine on the CPU (loads the native library on first use, ~3 s). */
    static NDManager newManager() {
        Engine engine = Engine.getEngine("PyTorch");
        return engine.newBaseManager(ai.djl.Device.cpu());
    }

    /** A float32 array of the given shape filled from {@link Workloads#randomFloats}, the same values jgrad gets. */
    static NDArray randomArray(NDManager manager, long seed, int... shape) {
        long[] dims = new long[shape.length];
        int count = 1;
        for (int k = 0; k < shape.length; k++) {
            dims[k] = shape[k];
            count = Math.multiplyExact(count, shape[k]);
        }
        return manager.create(Workloads.randomFloats(seed, count), new Shape(dims));
    }
}
