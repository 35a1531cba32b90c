package org.jgrad.training.tour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
// notebook:begin imports
import org.jgrad.training.augment.RandomAffine;
// notebook:end imports
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.AdamW;
import org.jgrad.training.optim.ParamGroup;
import org.jgrad.training.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * Part of the tour's page 6 (docs/tour/6-regularization.md): weight decay and an L2 penalty are
 * the same step for plain SGD and different ones for Adam; random affine augmentation shown as
 * images. Writes figures/weight-decay.txt and figures/augmentation.png.
 */
class RegularizationTourTest {
    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");

    @Test
    void weightDecayEqualsL2ForSgdButNotForAdam() throws IOException {
        // tour:begin sgd
        NDArray start = NDArray.of(1.0, -2.0, 0.5), grad = NDArray.of(0.1, 0.1, -0.3);   // float64
        double lr = 0.1, wd = 0.1;
        Tensor l2 = Tensor.param(start.copy());
        l2.setGrad(grad);
        Sgd.of(List.of(l2), lr, 0, 0, wd, false).step();        // L2: g ← g + λ·p, then p ← p − η·g
        Tensor decayed = Tensor.param(start.mul(1 - lr * wd));   // weight decay: shrink first, p ← p·(1 − η·λ)
        decayed.setGrad(grad);
        Sgd.of(List.of(decayed), lr).step();                     // then the plain step, p ← p − η·g
        // tour:end sgd
        assertTrue(l2.data().allClose(decayed.data(), 1e-15, 1e-15), l2.data() + " vs " + decayed.data());

        // tour:begin adam
        Tensor pL2 = Tensor.param(start.copy()), pW = Tensor.param(start.copy());
        Adam adamL2 = new Adam(List.of(ParamGroup.of(pL2)), lr, 0.9, 0.999, 1e-8, wd);     // λ·p added to the gradient
        AdamW adamW = new AdamW(List.of(ParamGroup.of(pW)), lr, 0.9, 0.999, 1e-8, wd);     // p shrunk by η·λ·p apart
        // tour:end adam
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "p = %s, g = %s, lr = %.1f, weight decay = %.1f%n%n",
                format(start), format(grad), lr, wd));
        out.append(String.format(Locale.ROOT, "%-20s step 1: %s%n%-20s step 1: %s%n%n", "SGD, L2 penalty", format(l2.data()),
                "SGD, weight decay", format(decayed.data())));
        for (int step = 1; step <= 3; step++) {
            pL2.setGrad(grad);
            adamL2.step();
            pW.setGrad(grad);
            adamW.step();
            out.append(String.format(Locale.ROOT, "%-20s step %d: %s%n%-20s step %d: %s%n", "Adam, L2 penalty", step, format(pL2.data()),
                    "AdamW, weight decay", step, format(pW.data())));
            if (step == 1) {
                // the first Adam step is η·sign of what it is given: L2 flips the sign of the second gradient
                assertArrayEquals(new double[] {1 - lr, -2 + lr, 0.5 + lr}, pL2.data().toDoubleArray(), 1e-6);
                assertArrayEquals(new double[] {1 * (1 - lr * wd) - lr, -2 * (1 - lr * wd) - lr, 0.5 * (1 - lr * wd) + lr},
                        pW.data().toDoubleArray(), 1e-6);
            }
        }
        Files.writeString(FIGURES.resolve("weight-decay.txt"), out.toString());
    }

    @Test
    void augmentationDrawsANewWarpOfEveryImage() throws IOException {
        // notebook:begin augment
        // notebook:uses #imports
        // notebook:uses #letter-f
        // notebook:end augment
        // tour:begin augment
        NDArray letter = letterF();                                         // (1, 1, 28, 28), values 0 or 1
        NDArray batch = letter.expand(12, 1, 28, 28).contiguous();          // twelve copies
        RandomAffine augment = new RandomAffine(20, 0.8, 1.2, 0.1, 0.5, new Generator(4));   // ±20°, zoom 0.8-1.2, shift ±10%, flip half
        NDArray samples = augment.transform(batch);                         // (12, 1, 28, 28), each warped differently
        // tour:end augment
        ImageGrid.write(NDArray.cat(0, letter, samples.narrow(0, 0, 11)), 6, 3, FIGURES.resolve("augmentation.png"));

        double[] original = letter.toDoubleArray();
        for (int i = 0; i < 12; i++) {
            double[] s = samples.select(0, i).contiguous().toDoubleArray();
            double diff = 0;
            for (int k = 0; k < s.length; k++) diff += Math.abs(s[k] - original[k]);
            assertTrue(diff > 1, "sample " + i + " is warped");
        }
        assertEquals(0.0, samples.min().item(), 1e-6);
        assertTrue(samples.max().item() <= 1 + 1e-6, "bilinear sampling stays within the input's range");
    }

    // notebook:begin letter-f
    /** A 28×28 letter F: no symmetry, so every rotation and flip shows. */
    private static NDArray letterF() {
        float[][] pixels = new float[28][28];
        for (int y = 5; y < 23; y++) for (int x = 8; x < 12; x++) pixels[y][x] = 1;    // the stem
        for (int y = 5; y < 9; y++) for (int x = 8; x < 21; x++) pixels[y][x] = 1;     // the top bar
        for (int y = 12; y < 15; y++) for (int x = 8; x < 18; x++) pixels[y][x] = 1;   // the middle bar
        return NDArray.fromArray(pixels).reshape(1, 1, 28, 28);
    }
    // notebook:end letter-f

    private static String format(NDArray values) {
        StringBuilder sb = new StringBuilder("[");
        for (double v : values.toDoubleArray()) sb.append(sb.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%7.4f", v));
        return sb.append(']').toString();
    }
}
