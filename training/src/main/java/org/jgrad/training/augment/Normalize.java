package org.jgrad.training.augment;

import org.jgrad.tensor.NDArray;

/**
 * Per-channel normalization {@code (x - mean[c]) / std[c]} of images (N, C, H, W), in float32.
 * A single mean and std apply to every channel.
 */
public final class Normalize implements BatchTransform {
    private final float[] mean, std;

    public Normalize(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length)
            throw new IllegalArgumentException("Normalize: need as many means as stds (>= 1), got " + mean.length + " and " + std.length);
        for (float v : std) if (!(v > 0)) throw new IllegalArgumentException("Normalize: std must be > 0, got " + v);
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** One mean and std for every channel. */
    public Normalize(float mean, float std) {
        this(new float[] {mean}, new float[] {std});
    }

    @Override
    public NDArray transform(NDArray x) {
        int[] s = Images.check("Normalize", x);
        int c = s[1], plane = s[2] * s[3];
        if (mean.length != 1 && mean.length != c)
            throw new IllegalArgumentException("Normalize: " + mean.length + " means for images with " + c + " channels");
        float[] v = x.toFloatArray();
        for (int p = 0; p < v.length / Math.max(1, plane); p++) {
            int ch = mean.length == 1 ? 0 : p % c;
            float m = mean[ch], sd = std[ch];
            for (int k = p * plane; k < (p + 1) * plane; k++) v[k] = (v[k] - m) / sd;
        }
        return Images.of(v, s);
    }
}
