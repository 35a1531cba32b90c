package org.jgrad.training.augment;

import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;

/**
 * A random {@code height × width} window of each image padded by {@code padding} pixels of
 * {@code fill} (0 unless set) on every side, as torchvision's {@code RandomCrop(size, padding)}.
 * The padded image is {@code (H + 2p) × (W + 2p)}; the window's top-left corner
 * {@code (oy, ox)} is uniform on {@code [0, H + 2p - height] × [0, W + 2p - width]}, so output
 * pixel {@code (y, x)} is input pixel {@code (y + oy - p, x + ox - p)}, or {@code fill} where that
 * is outside the image. Two uniforms per image from the seeded {@link Generator}.
 */
public final class RandomCrop implements BatchTransform {
    private final int height, width, padding;
    private final Generator generator;
    private float fill;

    public RandomCrop(int size, int padding, Generator generator) {
        this(size, size, padding, generator);
    }

    public RandomCrop(int height, int width, int padding, Generator generator) {
        if (height < 1 || width < 1 || padding < 0)
            throw new IllegalArgumentException("RandomCrop: need size >= 1 and padding >= 0, got " + height + "x" + width + ", padding " + padding);
        this.height = height;
        this.width = width;
        this.padding = padding;
        this.generator = generator;
    }

    /** Sets the padding value (default 0). Returns {@code this}. */
    public RandomCrop fill(float value) {
        this.fill = value;
        return this;
    }

    @Override
    public NDArray transform(NDArray x) {
        int[] s = Images.check("RandomCrop", x);
        int n = s[0], c = s[1], h = s[2], w = s[3];
        int spanY = h + 2 * padding - height, spanX = w + 2 * padding - width;
        if (spanY < 0 || spanX < 0)
            throw new IllegalArgumentException("RandomCrop: a " + height + "x" + width + " window does not fit a " + h + "x" + w + " image padded by " + padding);
        double[] u = Images.uniforms(generator, 2 * n);
        float[] in = x.toFloatArray(), out = new float[n * c * height * width];
        for (int i = 0; i < n; i++) {
            int oy = Math.min(spanY, (int) (u[2 * i] * (spanY + 1))), ox = Math.min(spanX, (int) (u[2 * i + 1] * (spanX + 1)));
            for (int ch = 0; ch < c; ch++) {
                int src = (i * c + ch) * h * w, dst = (i * c + ch) * height * width;
                for (int y = 0; y < height; y++) {
                    int iy = y + oy - padding;
                    for (int xx = 0; xx < width; xx++) {
                        int ix = xx + ox - padding;
                        out[dst + y * width + xx] = iy < 0 || iy >= h || ix < 0 || ix >= w ? fill : in[src + iy * w + ix];
                    }
                }
            }
        }
        return Images.of(out, n, c, height, width);
    }
}
