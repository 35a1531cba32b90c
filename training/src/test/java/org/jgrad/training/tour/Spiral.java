package org.jgrad.training.tour;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.TensorDataset;

// notebook:begin spiral
/**
 * The tour's small data set: three interleaved spiral arms in the plane, one class each (the
 * classic example a linear model cannot separate and a one-hidden-layer MLP can). Point k of arm c,
 * with t = k / n:
 * <pre>
 *   r = t,   θ = 4·c + 4·t + 0.2·ε   (ε ~ N(0, 1)),   x = (r·sin θ, r·cos θ)
 * </pre>
 * Fixed by its seed, so figures and printed numbers repeat exactly.
 */
final class Spiral {
    static final int CLASSES = 3;

    private Spiral() {}

    /** {@code perClass} points of each arm, interleaved by class: x (3n, 2) float32, y (3n) int64. */
    static TensorDataset points(int perClass, long seed) {
        double[] noise = NDArray.randn(new Generator(seed), DType.FLOAT64, CLASSES * perClass).toDoubleArray();
        float[][] x = new float[CLASSES * perClass][];
        long[] y = new long[CLASSES * perClass];
        for (int k = 0; k < perClass; k++) {
            for (int c = 0; c < CLASSES; c++) {
                int i = k * CLASSES + c;
                double t = (double) k / perClass, theta = 4 * c + 4 * t + 0.2 * noise[i];
                x[i] = new float[] {(float) (t * Math.sin(theta)), (float) (t * Math.cos(theta))};
                y[i] = c;
            }
        }
        return new TensorDataset(NDArray.fromArray(x), NDArray.of(y));
    }
}
// notebook:end spiral
