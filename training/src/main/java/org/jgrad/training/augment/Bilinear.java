package org.jgrad.training.augment;

/**
 * Bilinear sampling of one image plane at a real position. Pixel {@code (x, y)} (column, row)
 * has its centre at the integer point {@code (x, y)}. For a position {@code (sx, sy)} let
 * {@code x0 = floor(sx)}, {@code y0 = floor(sy)}, {@code fx = sx - x0}, {@code fy = sy - y0};
 * the value is the weighted mean of the four surrounding pixels
 * <pre>
 *   v = (1-fx)(1-fy)·p(x0, y0) + fx(1-fy)·p(x0+1, y0) + (1-fx)fy·p(x0, y0+1) + fx·fy·p(x0+1, y0+1)
 * </pre>
 * computed as two linear interpolations along x and one along y, each as {@code a + t·(b - a)},
 * so that a sample on a pixel centre ({@code fx = fy = 0}) gives that pixel exactly and a
 * constant region stays exactly constant. A pixel outside the image reads as {@code fill}
 * (zero padding when {@code fill = 0}).
 */
final class Bilinear {
    private Bilinear() {}

    /** {@code a + t·(b - a)}. */
    static float lerp(float a, float b, float t) {
        return a + t * (b - a);
    }

    /**
     * The plane {@code img[base .. base + h·w)} (row-major, h rows of w) sampled at
     * {@code (sx, sy)}, pixels outside reading as {@code fill}.
     */
    static float sample(float[] img, int base, int h, int w, float sx, float sy, float fill) {
        if (!(sx > -1 && sx < w && sy > -1 && sy < h)) return fill;   // all four taps outside (and NaN)
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        float fx = sx - x0, fy = sy - y0;
        float top = lerp(pixel(img, base, h, w, x0, y0, fill), pixel(img, base, h, w, x0 + 1, y0, fill), fx);
        float bottom = lerp(pixel(img, base, h, w, x0, y0 + 1, fill), pixel(img, base, h, w, x0 + 1, y0 + 1, fill), fx);
        return lerp(top, bottom, fy);
    }

    private static float pixel(float[] img, int base, int h, int w, int x, int y, float fill) {
        return x < 0 || x >= w || y < 0 || y >= h ? fill : img[base + y * w + x];
    }
}
