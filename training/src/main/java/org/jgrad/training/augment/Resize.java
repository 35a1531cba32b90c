package org.jgrad.training.augment;

import org.jgrad.tensor.NDArray;

/**
 * Bilinear resizing of images (N, C, H, W) to (N, C, h, w), as PyTorch's
 * {@code interpolate(mode="bilinear", align_corners=False)}: output row {@code y} reads input row
 * {@code sy = (y + 0.5)·H/h - 0.5}, clamped to {@code [0, H-1]} (and likewise for columns); with
 * {@code y0 = floor(sy)}, {@code y1 = min(y0 + 1, H - 1)} and {@code λ = sy - y0}, the value is
 * {@code lerp(lerp(p(y0,x0), p(y0,x1), μ), lerp(p(y1,x0), p(y1,x1), μ), λ)} with
 * {@code lerp(a, b, t) = a + t(b - a)}, so a constant image stays exactly constant. For
 * progressive resizing: train on small images, then swap in loaders with a larger Resize.
 */
public final class Resize implements BatchTransform {
    private final int height, width;

    public Resize(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("Resize: size must be >= 1, got " + height + "x" + width);
        this.height = height;
        this.width = width;
    }

    @Override
    public NDArray transform(NDArray x) {
        int[] s = Images.check("Resize", x);
        int n = s[0], c = s[1], h = s[2], w = s[3];
        if (h == height && w == width) return x;
        int[] y0 = new int[height], y1 = new int[height], x0 = new int[width], x1 = new int[width];
        float[] ly = new float[height], lx = new float[width];
        taps(h, height, y0, y1, ly);
        taps(w, width, x0, x1, lx);
        float[] in = x.toFloatArray(), out = new float[n * c * height * width];
        for (int p = 0; p < n * c; p++) {
            int src = p * h * w, dst = p * height * width;
            for (int y = 0; y < height; y++) {
                int r0 = src + y0[y] * w, r1 = src + y1[y] * w;
                for (int xx = 0; xx < width; xx++) {
                    float top = Bilinear.lerp(in[r0 + x0[xx]], in[r0 + x1[xx]], lx[xx]);
                    float bottom = Bilinear.lerp(in[r1 + x0[xx]], in[r1 + x1[xx]], lx[xx]);
                    out[dst + y * width + xx] = Bilinear.lerp(top, bottom, ly[y]);
                }
            }
        }
        return Images.of(out, n, c, height, width);
    }

    /** The two input indices and the weight of the second for each of {@code outSize} outputs along one axis. */
    private static void taps(int inSize, int outSize, int[] i0, int[] i1, float[] lambda) {
        double scale = (double) inSize / outSize;
        for (int o = 0; o < outSize; o++) {
            double src = Math.min(inSize - 1, Math.max(0, (o + 0.5) * scale - 0.5));
            i0[o] = (int) Math.floor(src);
            i1[o] = Math.min(i0[o] + 1, inSize - 1);
            lambda[o] = (float) (src - i0[o]);
        }
    }
}
