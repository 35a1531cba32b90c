package org.jgrad.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 row kernels behind batch norm and relu's gradient, plain and Vector API, against
 * their definitions computed in double, on lengths around the vector width and at odd offsets.
 */
class ChannelRowKernelsTest {
    private static final int[] LENGTHS = {0, 1, 3, 15, 16, 17, 33, 196, 1023, 1024, 1025, 3000};

    static Stream<FloatKernels> implementations() {
        return Stream.of(new PlainFloatKernels(), new VectorFloatKernels());
    }

    private static float[] random(Random r, int n, double mean) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (mean + r.nextGaussian() * 2);
        return v;
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void channelLinearIsAOfUMinusMPlusBVPlusC(FloatKernels k) {
        Random r = new Random(3);
        for (int n : LENGTHS) {
            float[] u = random(r, n + 2, 5), v = random(r, n + 1, 0), out = new float[n + 3];
            float m = 4.75f, a = -1.5f, b = 0.625f, c = 0.3f;
            k.channelLinear(u, 2, m, a, null, 0, 0f, c, out, 3, n);
            for (int i = 0; i < n; i++) assertEquals(Math.fma(a, u[2 + i] - m, c), out[3 + i], "no v, n=" + n + " i=" + i);
            k.channelLinear(u, 2, m, a, v, 1, b, c, out, 3, n);
            for (int i = 0; i < n; i++) {
                double exact = (double) a * (u[2 + i] - m) + (double) b * v[1 + i] + c;
                assertEquals(exact, out[3 + i], 1e-6 * (1 + Math.abs(exact)), "with v, n=" + n + " i=" + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void centredSumsMatchTheirDefinitionInDouble(FloatKernels k) {
        Random r = new Random(4);
        for (int n : LENGTHS) {
            float[] x = random(r, n + 1, 100), g = random(r, n + 2, 0);
            float mean = 100.25f;
            double squares = 0, products = 0;
            for (int i = 0; i < n; i++) {
                squares += ((double) x[1 + i] - mean) * ((double) x[1 + i] - mean);
                products += (double) g[2 + i] * ((double) x[1 + i] - mean);
            }
            double scale = 1e-6 * Math.max(1, n);
            assertEquals(squares, k.sumSquaredDeviations(x, 1, n, mean), scale * (1 + squares), "squares, n=" + n);
            assertEquals(products, k.sumProductCentered(g, 2, x, 1, n, mean), scale * (1 + Math.abs(products) + Math.sqrt(squares)), "products, n=" + n);
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void reluBackwardPassesTheGradientExactlyWhereXIsPositive(FloatKernels k) {
        Random r = new Random(5);
        for (int n : LENGTHS) {
            float[] x = random(r, n + 1, 0), g = random(r, n, 0), out = new float[n + 2];
            if (n > 4) {
                x[1] = 0f;
                x[2] = -0f;
                x[3] = Float.NaN;
                x[4] = Float.MIN_VALUE;
            }
            k.reluBackward(x, 1, g, 0, out, 2, n);
            for (int i = 0; i < n; i++) {
                float want = x[1 + i] > 0 ? g[i] : 0f;
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(out[2 + i]), "n=" + n + " i=" + i + " x=" + x[1 + i]);
            }
            assertTrue(out[0] == 0 && out[1] == 0, "writes only its range");
        }
    }
}
