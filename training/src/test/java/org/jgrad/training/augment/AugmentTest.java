package org.jgrad.training.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.TensorDataset;
import org.joml.Matrix3x2fc;
import org.junit.jupiter.api.Test;

class AugmentTest {
    /** The 3x3 image 1..9 as (1, 1, 3, 3). */
    private static NDArray nine() {
        return Images.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
    }

    private static NDArray randomImages(long seed, int... shape) {
        return NDArray.rand(new Generator(seed), org.jgrad.tensor.DType.FLOAT32, shape);
    }

    private static float[] warp(NDArray x, double degrees, double zoom, double tx, double ty, boolean flip) {
        int h = x.shape(2), w = x.shape(3);
        return RandomAffine.warp(x, new Matrix3x2fc[] {RandomAffine.matrix(h, w, degrees, zoom, tx, ty, flip)}, 0f).toFloatArray();
    }

    @Test
    void identityParametersGiveTheInputExactly() {
        NDArray x = randomImages(1, 4, 3, 7, 5);
        NDArray y = new RandomAffine(0, 1, 1, 0, 0, new Generator(3)).transform(x);
        assertArrayEquals(x.shape(), y.shape());
        assertArrayEquals(x.toFloatArray(), y.toFloatArray());
        assertArrayEquals(x.toFloatArray(), new RandomCrop(7, 5, 0, new Generator(3)).transform(x).toFloatArray());
        assertArrayEquals(x.toFloatArray(), new Normalize(0, 1).transform(x).toFloatArray());
        assertArrayEquals(x.toFloatArray(), new Resize(7, 5).transform(x).toFloatArray());
    }

    @Test
    void ninetyDegreesTurnsCounterClockwise() {
        // np.rot90([[1,2,3],[4,5,6],[7,8,9]]): the right column becomes the top row.
        assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, warp(nine(), 90, 1, 0, 0, false), 1e-5f);
        assertArrayEquals(new float[] {7, 4, 1, 8, 5, 2, 9, 6, 3}, warp(nine(), -90, 1, 0, 0, false), 1e-5f);
    }

    @Test
    void flipMirrorsColumnsExactly() {
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, warp(nine(), 0, 1, 0, 0, true));
        // always flipping through the random transform
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, new RandomAffine(0, 1, 1, 0, 1, new Generator(0)).transform(nine()).toFloatArray());
    }

    @Test
    void wholePixelTranslationShiftsAndPadsWithZeros() {
        assertArrayEquals(new float[] {0, 1, 2, 0, 4, 5, 0, 7, 8}, warp(nine(), 0, 1, 1, 0, false));
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 0, 0, 0}, warp(nine(), 0, 1, 0, -1, false));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 1, 2}, warp(nine(), 0, 1, 1, 2, false));
    }

    @Test
    void zoomTwoAroundTheCentre() {
        // 3x3, centre (1, 1): output p reads the input at (p - c)/2 + c; corner (0,0) reads (0.5, 0.5) = (1+2+4+5)/4.
        float[] y = warp(nine(), 0, 2, 0, 0, false);
        assertEquals(3f, y[0], 1e-6f);
        assertEquals(5f, y[4], 1e-6f);
        assertEquals(3.5f, y[1], 1e-6f);   // (1, 0) reads (1, 0.5): (2 + 5) / 2
    }

    @Test
    void bilinearSampleMatchesHandComputedValue() {
        float[] img = {1, 2, 3, 4};   // 2x2
        // (0.25, 0.5): top 1 + 0.25·1 = 1.25, bottom 3.25, middle 2.25
        assertEquals(2.25f, Bilinear.sample(img, 0, 2, 2, 0.25f, 0.5f, 0f), 1e-6f);
        // (1.5, 0): half of pixel (1, 0) = 2 and half of zero padding
        assertEquals(1f, Bilinear.sample(img, 0, 2, 2, 1.5f, 0f, 0f), 1e-6f);
        assertEquals(4f, Bilinear.sample(img, 0, 2, 2, 1f, 1f, 0f));
        assertEquals(-7f, Bilinear.sample(img, 0, 2, 2, 5f, 0f, -7f));
        // a half-pixel shift to the right: each pixel is the mean of itself and its left neighbour
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 2f, 4.5f, 5.5f, 3.5f, 7.5f, 8.5f}, warp(nine(), 0, 1, 0.5, 0, false), 1e-6f);
    }

    @Test
    void randomCropWithPaddingShapesAndContent() {
        NDArray x = randomImages(2, 6, 2, 5, 5);
        NDArray y = new RandomCrop(5, 2, new Generator(7)).transform(x);
        assertArrayEquals(new int[] {6, 2, 5, 5}, y.shape());
        float[] in = x.toFloatArray(), out = y.toFloatArray();
        for (int i = 0; i < 6; i++) {
            // find the window: some shift (dy, dx) in [-2, 2]^2 must explain both channels exactly
            boolean found = false;
            for (int dy = -2; dy <= 2 && !found; dy++)
                for (int dx = -2; dx <= 2 && !found; dx++) {
                    boolean ok = true;
                    for (int c = 0; c < 2 && ok; c++)
                        for (int r = 0; r < 5 && ok; r++)
                            for (int q = 0; q < 5 && ok; q++) {
                                int sr = r + dy, sq = q + dx;
                                float expect = sr < 0 || sr >= 5 || sq < 0 || sq >= 5 ? 0f : in[((i * 2 + c) * 5 + sr) * 5 + sq];
                                ok = out[((i * 2 + c) * 5 + r) * 5 + q] == expect;
                            }
                    found = ok;
                }
            assertEquals(true, found, "image " + i + " is no padded window of its input");
        }
        // a smaller crop of the 3x3 with padding 1 covering all positions
        NDArray small = new RandomCrop(2, 3, 1, new Generator(1)).transform(nine());
        assertArrayEquals(new int[] {1, 1, 2, 3}, small.shape());
        // all windows of a 5x5 padded image of size 5x5 happen over many draws (offsets 0..4 both ways)
        boolean[] seen = new boolean[25];
        RandomCrop crop = new RandomCrop(1, 1, 2, new Generator(5));
        NDArray dot = Images.of(new float[] {1}, 1, 1, 1, 1);
        NDArray many = NDArray.cat(0, dot, dot, dot, dot, dot, dot, dot, dot, dot, dot);
        int ones = 0;
        for (int k = 0; k < 20; k++) for (float v : crop.transform(many).toFloatArray()) if (v == 1f) ones++;
        // the window of a 1x1 image padded by 2 (5x5) hits the pixel with probability 1/25
        assertEquals(true, ones > 0 && ones < 40, "hits " + ones);
    }

    @Test
    void sameSeedSameAugmentation() {
        NDArray x = randomImages(3, 8, 1, 12, 12);
        BatchTransform a = BatchTransform.compose(new RandomAffine(15, 0.8, 1.2, 0.1, 0.5, new Generator(42)), new RandomCrop(12, 2, new Generator(43)));
        BatchTransform b = BatchTransform.compose(new RandomAffine(15, 0.8, 1.2, 0.1, 0.5, new Generator(42)), new RandomCrop(12, 2, new Generator(43)));
        float[] a1 = a.transform(x).toFloatArray(), a2 = a.transform(x).toFloatArray();
        assertArrayEquals(a1, b.transform(x).toFloatArray());
        assertArrayEquals(a2, b.transform(x).toFloatArray());
        assertNotEquals(java.util.Arrays.hashCode(a1), java.util.Arrays.hashCode(a2));   // the next batch draws new parameters
        float[] other = new RandomAffine(15, 0.8, 1.2, 0.1, 0.5, new Generator(41)).transform(x).toFloatArray();
        assertNotEquals(java.util.Arrays.hashCode(new RandomAffine(15, 0.8, 1.2, 0.1, 0.5, new Generator(42)).transform(x).toFloatArray()),
                java.util.Arrays.hashCode(other));
    }

    @Test
    void normalizePerChannel() {
        NDArray x = Images.of(new float[] {1, 3, 10, 30}, 1, 2, 1, 2);
        assertArrayEquals(new float[] {0, 1, 0, 1}, new Normalize(new float[] {1, 10}, new float[] {2, 20}).transform(x).toFloatArray());
    }

    @Test
    void resizeShapesConstantsAndValues() {
        NDArray constant = NDArray.full(0.37, org.jgrad.tensor.DType.FLOAT32, 2, 3, 28, 28);
        for (int[] size : new int[][] {{14, 14}, {56, 40}, {7, 33}, {1, 1}}) {
            NDArray y = new Resize(size[0], size[1]).transform(constant);
            assertArrayEquals(new int[] {2, 3, size[0], size[1]}, y.shape());
            for (float v : y.toFloatArray()) assertEquals(0.37f, v);
        }
        // 1x2 -> 1x4: positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1)
        NDArray row = Images.of(new float[] {0, 4}, 1, 1, 1, 2);
        assertArrayEquals(new float[] {0, 1, 3, 4}, new Resize(1, 4).transform(row).toFloatArray(), 1e-6f);
        // 4 -> 2: the mean of each pair
        assertArrayEquals(new float[] {1.5f, 5.5f}, new Resize(1, 2).transform(Images.of(new float[] {1, 2, 5, 6}, 1, 1, 1, 4)).toFloatArray(), 1e-6f);
    }

    @Test
    void batchTransformKeepsTargets() {
        NDArray y = NDArray.of(3L);
        TensorDataset.Batch b = new Resize(6, 6).apply(new TensorDataset.Batch(nine(), y));
        assertArrayEquals(new int[] {1, 1, 6, 6}, b.x().shape());
        assertEquals(y, b.y());
    }
}
