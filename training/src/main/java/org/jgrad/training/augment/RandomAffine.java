package org.jgrad.training.augment;

import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.joml.Matrix3x2f;
import org.joml.Matrix3x2fc;

/**
 * Random affine warps of each image: rotation, zoom, translation and horizontal flip, as fastai's
 * {@code aug_transforms} / torchvision's {@code RandomAffine}, with bilinear sampling and constant
 * padding.
 *
 * <h2>The matrix</h2>
 * Pixel {@code (x, y)} is column x, row y (y grows downwards), its centre at the integer point;
 * the image centre is {@code c = ((W-1)/2, (H-1)/2)}. For an image with angle θ (degrees,
 * counter-clockwise as seen on screen), zoom s, shift {@code t = (tx, ty)} pixels and flip f, the
 * forward map from input to output positions is the JOML {@link Matrix3x2f}
 * <pre>
 *   A = T(c + t) · R(-θ) · S(f ? -s : s, s) · T(-c)
 * </pre>
 * read right to left: move the centre to the origin, mirror x (flip) and scale by s, rotate, move
 * back to the centre and shift by t. {@code R(φ) = [[cos φ, -sin φ], [sin φ, cos φ]]} turns x
 * towards y, which on screen (y down) is clockwise, hence {@code -θ}. Each output pixel {@code p}
 * then reads the input at {@code A⁻¹ p} ({@link Matrix3x2f#invert()}) by {@link Bilinear} sampling;
 * input positions outside the image read as {@code fill} (0 unless set with {@link #fill(float)};
 * give the normalized value of black when the batch is already normalized).
 *
 * <h2>The randomness</h2>
 * Per image, five uniforms {@code u0..u4} from the seeded {@link Generator} (one reservation of
 * {@code 5N} numbers per batch): {@code θ = (2u0 - 1)·degrees}, {@code s = zoomMin + u1·(zoomMax - zoomMin)},
 * {@code tx = (2u2 - 1)·translate·W}, {@code ty = (2u3 - 1)·translate·H}, flip when
 * {@code u4 < flipP}. With identity parameters (0°, zoom 1, no shift, no flip) A is exactly the
 * identity, every sample lands on a pixel centre, and the output equals the input exactly.
 */
public final class RandomAffine implements BatchTransform {
    /** Uniforms drawn per image. */
    static final int DRAWS = 5;

    private final double degrees, zoomMin, zoomMax, translate, flipP;
    private final Generator generator;
    private float fill;

    /**
     * @param degrees   the largest rotation, either way (>= 0)
     * @param zoomMin   the smallest zoom (> 0; below 1 shrinks the content)
     * @param zoomMax   the largest zoom (>= zoomMin)
     * @param translate the largest shift as a fraction of the width (x) and height (y), in [0, 1]
     * @param flipP     the probability of a horizontal flip, in [0, 1]
     * @param generator the source of the random parameters
     */
    public RandomAffine(double degrees, double zoomMin, double zoomMax, double translate, double flipP, Generator generator) {
        if (!(degrees >= 0)) throw new IllegalArgumentException("RandomAffine: degrees must be >= 0, got " + degrees);
        if (!(zoomMin > 0 && zoomMax >= zoomMin)) throw new IllegalArgumentException("RandomAffine: need 0 < zoomMin <= zoomMax, got " + zoomMin + ", " + zoomMax);
        if (!(translate >= 0 && translate <= 1)) throw new IllegalArgumentException("RandomAffine: translate must be in [0, 1], got " + translate);
        if (!(flipP >= 0 && flipP <= 1)) throw new IllegalArgumentException("RandomAffine: flip probability must be in [0, 1], got " + flipP);
        this.degrees = degrees;
        this.zoomMin = zoomMin;
        this.zoomMax = zoomMax;
        this.translate = translate;
        this.flipP = flipP;
        this.generator = generator;
    }

    /** Sets the value read outside the input image (default 0). Returns {@code this}. */
    public RandomAffine fill(float value) {
        this.fill = value;
        return this;
    }

    public Generator generator() { return generator; }

    @Override
    public NDArray transform(NDArray x) {
        int[] s = Images.check("RandomAffine", x);
        int n = s[0], h = s[2], w = s[3];
        double[] u = Images.uniforms(generator, DRAWS * n);
        Matrix3x2fc[] forward = new Matrix3x2fc[n];
        for (int i = 0; i < n; i++) {
            int k = DRAWS * i;
            forward[i] = matrix(h, w, (2 * u[k] - 1) * degrees, zoomMin + u[k + 1] * (zoomMax - zoomMin),
                    (2 * u[k + 2] - 1) * translate * w, (2 * u[k + 3] - 1) * translate * h, u[k + 4] < flipP);
        }
        return warp(x, forward, fill);
    }

    /**
     * The forward matrix {@code A = T(c + t) · R(-θ) · S(flip ? -zoom : zoom, zoom) · T(-c)} of
     * an {@code h × w} image (see the class comment).
     *
     * @param degrees counter-clockwise rotation on screen
     * @param tx      shift to the right, pixels
     * @param ty      shift downwards, pixels
     */
    public static Matrix3x2f matrix(int h, int w, double degrees, double zoom, double tx, double ty, boolean flip) {
        float cx = (w - 1) / 2f, cy = (h - 1) / 2f;
        return new Matrix3x2f()
                .translation(cx + (float) tx, cy + (float) ty)
                .rotate((float) -Math.toRadians(degrees))
                .scale(flip ? (float) -zoom : (float) zoom, (float) zoom)
                .translate(-cx, -cy);
    }

    /**
     * Warps image i of {@code x} (N, C, H, W) by {@code forward[i]}: output pixel {@code p} of
     * every channel is the input bilinearly sampled at {@code forward[i]⁻¹ p}, {@code fill}
     * outside.
     */
    public static NDArray warp(NDArray x, Matrix3x2fc[] forward, float fill) {
        int[] s = Images.check("RandomAffine.warp", x);
        int n = s[0], c = s[1], h = s[2], w = s[3], plane = h * w;
        if (forward.length != n) throw new IllegalArgumentException("RandomAffine.warp: " + forward.length + " matrices for " + n + " images");
        float[] in = x.toFloatArray(), out = new float[in.length];
        Matrix3x2f inv = new Matrix3x2f();
        for (int i = 0; i < n; i++) {
            forward[i].invert(inv);
            // JOML is column-major: a point (x, y) maps to (m00·x + m10·y + m20, m01·x + m11·y + m21).
            float a = inv.m00(), b = inv.m10(), tx = inv.m20(), d = inv.m01(), e = inv.m11(), ty = inv.m21();
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    float sx = a * xx + b * y + tx, sy = d * xx + e * y + ty;
                    for (int ch = 0; ch < c; ch++) {
                        int base = (i * c + ch) * plane;
                        out[base + y * w + xx] = Bilinear.sample(in, base, h, w, sx, sy, fill);
                    }
                }
            }
        }
        return Images.of(out, s);
    }
}
