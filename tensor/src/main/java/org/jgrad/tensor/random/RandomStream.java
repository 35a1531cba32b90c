package org.jgrad.tensor.random;

import java.util.Objects;

/**
 * Random draws defined as pure functions of {@code (seed, offset, i)} on top of
 * {@link Philox4x32} (10 rounds), so that any element can be computed on its own, by a CPU loop
 * or by one GPU thread, with the same result. Instances are immutable and thread-safe; a stream is
 * just its 64-bit seed. The {@code offset} of a draw (obtained from {@link Generator#reserve}) is
 * passed to each call.
 *
 * <h2>Exact specification (what a CUDA kernel must compute)</h2>
 * Notation: all words are unsigned 32-bit; {@code B(ctr)[j]} is output word {@code j} (0..3) of
 * Philox4x32-10 with
 * <pre>
 *   key     k0 = (uint32) seed,           k1 = (uint32) (seed &gt;&gt; 32)
 *   counter c0 = (uint32) ctr,            c1 = (uint32) (ctr &gt;&gt; 32),   c2 = 0,  c3 = 0
 * </pre>
 * where {@code ctr} is a 64-bit unsigned number and all counter arithmetic wraps modulo
 * 2<sup>64</sup>. Element indices {@code i} are non-negative.
 *
 * <p><b>32-bit draws</b> (one word per element; {@code uniformFloat}, {@code normalFloat},
 * {@code bernoulli}):
 * <pre>
 *   w(i) = B(offset + i/4)[i % 4]
 * </pre>
 * so a draw of {@code n} elements uses counters {@code offset .. offset + ceil(n/4) - 1}.
 *
 * <p><b>64-bit draws</b> (two words per element; {@code uniformDouble}, {@code normalDouble},
 * {@code randint}):
 * <pre>
 *   v(i) = (B(offset + i/2)[2·(i%2)] &lt;&lt; 32) | B(offset + i/2)[2·(i%2) + 1]      (uint64)
 * </pre>
 * i.e. the first word of the pair is the high half. A draw of {@code n} elements uses counters
 * {@code offset .. offset + ceil(n/2) - 1}.
 *
 * <p><b>Distributions</b>:
 * <ul>
 *   <li>{@code uniformFloat(i) = (w(i) >>> 8) · 2^-24}, in [0, 1), exact in float.
 *   <li>{@code uniformDouble(i) = (v(i) >>> 11) · 2^-53}, in [0, 1), exact in double (the top
 *       53 bits of v: all 32 bits of the first word and the top 21 bits of the second).
 *   <li>{@code normalFloat(i)}: Box-Muller on the word pair of the element's pair:
 *       let {@code g = (i % 4) / 2}, {@code a = B(offset + i/4)[2g]},
 *       {@code b = B(offset + i/4)[2g+1]}; {@code u1 = (a + 1) · 2^-32} in (0, 1] (computed in
 *       double, exact), {@code u2 = b · 2^-32} in [0, 1); {@code r = sqrt(-2 ln u1)},
 *       {@code t = 2π·u2}; the result is {@code (float) (r·cos t)} for even {@code i} and
 *       {@code (float) (r·sin t)} for odd {@code i} (double arithmetic, then rounded). Elements
 *       {@code 2k, 2k+1} are the two outputs of one Box-Muller transform. |result| &le; 6.67.
 *   <li>{@code normalDouble(i)}: Box-Muller on one whole block {@code B(offset + i/2)}:
 *       {@code u1 = ((v1 >>> 11) + 1) · 2^-53} in (0, 1] with {@code v1 = (B[0] << 32) | B[1]},
 *       {@code u2 = (v2 >>> 11) · 2^-53} in [0, 1) with {@code v2 = (B[2] << 32) | B[3]};
 *       result {@code r·cos t} for even {@code i}, {@code r·sin t} for odd {@code i}.
 *       |result| &le; 8.58.
 *   <li>{@code bernoulli(i, p) = uniformFloat(i) < p} (the float compared with the double
 *       {@code p} exactly), so {@code p = 0} never and {@code p = 1} always gives 1.
 *   <li>{@code randint(i, low, high)}, uniform on {@code [low, high)}: with the unsigned 64-bit
 *       span {@code s = high - low}, the result is {@code low + floor(v(i) · s / 2^64)}
 *       (multiply-shift: the high 64 bits of the unsigned 128-bit product). Every value gets
 *       either {@code floor(2^64/s)} or {@code ceil(2^64/s)} of the 2^64 inputs, so the relative
 *       bias is at most {@code s / 2^64} (below 10^-9 for spans under 2^34).
 * </ul>
 * The logarithm argument is never 0 (both {@code u1}s are &ge; 2<sup>-53</sup>), so normals are
 * always finite. Uniforms, Bernoulli and randint are bit-exact on any platform. Normals use
 * {@link StrictMath} ({@code log}, {@code sin}, {@code cos}) and are therefore reproducible across
 * JVMs; a GPU kernel using its own {@code log/sin/cos} will agree to within a few ulp, not
 * bitwise.
 *
 * <p>The fill methods write element {@code i} of a draw at {@code offset} to
 * {@code out[off + i]} for {@code 0 <= i < n}; element {@code i} of a fill is always equal to the
 * corresponding single-element method with the same {@code (offset, i)}.
 */
public final class RandomStream {
    private static final double TWO_PI = 2.0 * Math.PI;
    private static final double TWO_POW_M32 = 0x1p-32;
    private static final double TWO_POW_M53 = 0x1p-53;
    private static final float TWO_POW_M24F = 0x1p-24f;

    private final long seed;
    private final int k0;
    private final int k1;

    /** A stream keyed by {@code seed} ({@code k0} = low 32 bits, {@code k1} = high 32 bits). */
    public RandomStream(long seed) {
        this.seed = seed;
        this.k0 = (int) seed;
        this.k1 = (int) (seed >>> 32);
    }

    /** The 64-bit seed (the Philox key). */
    public long seed() {
        return seed;
    }

    // ---------------------------------------------------------------- raw words

    /** The 32-bit word {@code w(i) = B(offset + i/4)[i % 4]}. */
    public int word(long offset, long i) {
        checkIndex(i);
        return Philox4x32.word(offset + (i >>> 2), seed, (int) (i & 3));
    }

    /** The 64-bit value {@code v(i) = (B(offset + i/2)[2(i%2)] << 32) | B(offset + i/2)[2(i%2)+1]}. */
    public long word64(long offset, long i) {
        checkIndex(i);
        int[] b = new int[4];
        block(offset + (i >>> 1), b);
        int g = (int) (i & 1) << 1;
        return pack(b[g], b[g + 1]);
    }

    // ---------------------------------------------------------------- single elements

    /** Element {@code i} of a uniform float draw: {@code (w(i) >>> 8) · 2^-24} in [0, 1). */
    public float uniformFloat(long offset, long i) {
        return toUniformFloat(word(offset, i));
    }

    /** Element {@code i} of a uniform double draw: {@code (v(i) >>> 11) · 2^-53} in [0, 1). */
    public double uniformDouble(long offset, long i) {
        return toUniformDouble(word64(offset, i));
    }

    /** Element {@code i} of a standard normal float draw (Box-Muller, see the class comment). */
    public float normalFloat(long offset, long i) {
        checkIndex(i);
        int[] b = new int[4];
        block(offset + (i >>> 2), b);
        int g = (int) (i & 2);
        return (float) boxMuller(u1From32(b[g]), u2From32(b[g + 1]), (i & 1) == 0);
    }

    /** Element {@code i} of a standard normal double draw (Box-Muller, see the class comment). */
    public double normalDouble(long offset, long i) {
        checkIndex(i);
        int[] b = new int[4];
        block(offset + (i >>> 1), b);
        return boxMuller(u1From64(pack(b[0], b[1])), toUniformDouble(pack(b[2], b[3])), (i & 1) == 0);
    }

    /** Element {@code i} of a Bernoulli draw: {@code uniformFloat(offset, i) < p}. */
    public boolean bernoulli(long offset, long i, double p) {
        checkProbability(p);
        return uniformFloat(offset, i) < p;
    }

    /** Element {@code i} of a uniform integer draw on {@code [low, high)} (multiply-shift). */
    public long randint(long offset, long i, long low, long high) {
        checkRange(low, high);
        return low + unsignedMultiplyHigh(word64(offset, i), high - low);
    }

    // ---------------------------------------------------------------- fills

    /** Fills {@code out[off .. off+n)} with {@link #uniformFloat} elements {@code 0 .. n-1}. */
    public void fillUniform(float[] out, int off, int n, long offset) {
        Objects.checkFromIndexSize(off, n, out.length);
        int[] b = new int[4];
        for (int i = 0; i < n; i += 4) {
            block(offset + (i >>> 2), b);
            int m = Math.min(4, n - i);
            for (int j = 0; j < m; j++) out[off + i + j] = toUniformFloat(b[j]);
        }
    }

    /** Fills {@code out[off .. off+n)} with {@link #uniformDouble} elements {@code 0 .. n-1}. */
    public void fillUniform(double[] out, int off, int n, long offset) {
        Objects.checkFromIndexSize(off, n, out.length);
        int[] b = new int[4];
        for (int i = 0; i < n; i += 2) {
            block(offset + (i >>> 1), b);
            out[off + i] = toUniformDouble(pack(b[0], b[1]));
            if (i + 1 < n) out[off + i + 1] = toUniformDouble(pack(b[2], b[3]));
        }
    }

    /** Fills {@code out[off .. off+n)} with {@link #normalFloat} elements {@code 0 .. n-1}. */
    public void fillNormal(float[] out, int off, int n, long offset) {
        Objects.checkFromIndexSize(off, n, out.length);
        int[] b = new int[4];
        for (int i = 0; i < n; i += 4) {
            block(offset + (i >>> 2), b);
            for (int g = 0; g < 4 && i + g < n; g += 2) {
                double r = radius(u1From32(b[g]));
                double t = TWO_PI * u2From32(b[g + 1]);
                out[off + i + g] = (float) (r * StrictMath.cos(t));
                if (i + g + 1 < n) out[off + i + g + 1] = (float) (r * StrictMath.sin(t));
            }
        }
    }

    /** Fills {@code out[off .. off+n)} with {@link #normalDouble} elements {@code 0 .. n-1}. */
    public void fillNormal(double[] out, int off, int n, long offset) {
        Objects.checkFromIndexSize(off, n, out.length);
        int[] b = new int[4];
        for (int i = 0; i < n; i += 2) {
            block(offset + (i >>> 1), b);
            double r = radius(u1From64(pack(b[0], b[1])));
            double t = TWO_PI * toUniformDouble(pack(b[2], b[3]));
            out[off + i] = r * StrictMath.cos(t);
            if (i + 1 < n) out[off + i + 1] = r * StrictMath.sin(t);
        }
    }

    /** Fills {@code out[off .. off+n)} with {@link #bernoulli} elements as 1 or 0. */
    public void fillBernoulli(byte[] out, int off, int n, long offset, double p) {
        checkProbability(p);
        Objects.checkFromIndexSize(off, n, out.length);
        int[] b = new int[4];
        for (int i = 0; i < n; i += 4) {
            block(offset + (i >>> 2), b);
            int m = Math.min(4, n - i);
            for (int j = 0; j < m; j++) out[off + i + j] = toUniformFloat(b[j]) < p ? (byte) 1 : (byte) 0;
        }
    }

    /** Fills {@code out[off .. off+n)} with {@link #bernoulli} elements as 1.0f or 0.0f. */
    public void fillBernoulli(float[] out, int off, int n, long offset, double p) {
        checkProbability(p);
        Objects.checkFromIndexSize(off, n, out.length);
        int[] b = new int[4];
        for (int i = 0; i < n; i += 4) {
            block(offset + (i >>> 2), b);
            int m = Math.min(4, n - i);
            for (int j = 0; j < m; j++) out[off + i + j] = toUniformFloat(b[j]) < p ? 1.0f : 0.0f;
        }
    }

    /** Fills {@code out[off .. off+n)} with {@link #randint} elements on {@code [low, high)}. */
    public void fillRandint(long[] out, int off, int n, long offset, long low, long high) {
        checkRange(low, high);
        Objects.checkFromIndexSize(off, n, out.length);
        long span = high - low;
        int[] b = new int[4];
        for (int i = 0; i < n; i += 2) {
            block(offset + (i >>> 1), b);
            out[off + i] = low + unsignedMultiplyHigh(pack(b[0], b[1]), span);
            if (i + 1 < n) out[off + i + 1] = low + unsignedMultiplyHigh(pack(b[2], b[3]), span);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void block(long ctr, int[] out) {
        Philox4x32.block((int) ctr, (int) (ctr >>> 32), 0, 0, k0, k1, out, 0);
    }

    private static long pack(int hi, int lo) {
        return ((long) hi << 32) | (lo & 0xFFFFFFFFL);
    }

    private static float toUniformFloat(int w) {
        return (w >>> 8) * TWO_POW_M24F;
    }

    private static double toUniformDouble(long v) {
        return (v >>> 11) * TWO_POW_M53;
    }

    /** {@code (a + 1) · 2^-32}, in (0, 1]. */
    private static double u1From32(int a) {
        return ((a & 0xFFFFFFFFL) + 1) * TWO_POW_M32;
    }

    /** {@code b · 2^-32}, in [0, 1). */
    private static double u2From32(int b) {
        return (b & 0xFFFFFFFFL) * TWO_POW_M32;
    }

    /** {@code ((v >>> 11) + 1) · 2^-53}, in (0, 1]. */
    private static double u1From64(long v) {
        return ((v >>> 11) + 1) * TWO_POW_M53;
    }

    private static double radius(double u1) {
        return Math.sqrt(-2.0 * StrictMath.log(u1));
    }

    private static double boxMuller(double u1, double u2, boolean cos) {
        double r = radius(u1);
        double t = TWO_PI * u2;
        return r * (cos ? StrictMath.cos(t) : StrictMath.sin(t));
    }

    /** High 64 bits of the unsigned 128-bit product {@code x · y}. */
    static long unsignedMultiplyHigh(long x, long y) {
        return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    }

    private static void checkIndex(long i) {
        if (i < 0) throw new IllegalArgumentException("element index must be >= 0: " + i);
    }

    private static void checkProbability(double p) {
        if (!(p >= 0.0 && p <= 1.0)) throw new IllegalArgumentException("p must be in [0, 1]: " + p);
    }

    private static void checkRange(long low, long high) {
        if (low >= high) throw new IllegalArgumentException("need low < high: [" + low + ", " + high + ")");
    }
}
