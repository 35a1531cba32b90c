package org.jgrad.training.augment;

import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;
import org.jgrad.tensor.random.RandomStream;

/** What the transforms share: the shape check, building the result, drawing numbers. */
final class Images {
    private Images() {}

    /** The shape of {@code x}, which must be a batch of images (N, C, H, W). */
    static int[] check(String op, NDArray x) {
        if (x.rank() != 4)
            throw new IllegalArgumentException(op + ": expected images (N, C, H, W), got shape " + Shapes.format(x.shape()));
        return x.shape();
    }

    /** A float32 array of {@code shape} holding {@code data} (row-major). */
    static NDArray of(float[] data, int... shape) {
        return NDArray.of(data).reshape(shape);
    }

    /**
     * {@code count} uniform doubles in [0, 1) from one reservation of {@code generator}: the same
     * numbers for the same generator state, whatever thread asks.
     */
    static double[] uniforms(Generator generator, int count) {
        Generator.State s = generator.advance(count);
        RandomStream stream = new RandomStream(s.seed());
        double[] u = new double[count];
        for (int i = 0; i < count; i++) u[i] = stream.uniformDouble(s.offset(), i);
        return u;
    }
}
