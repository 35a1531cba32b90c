package org.jgrad.tensor.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Philox4x32-10 known answers, the {@link RandomStream} counter mapping, statistical sanity of the
 * distributions, and {@link Generator} offset bookkeeping.
 */
class Philox4x32Test {

    /**
     * The three {@code philox4x32 10} lines of Random123's {@code tests/kat_vectors}
     * (github.com/DEShawResearch/random123, commit 9545ff6, lines 27-29). Columns: counter c0..c3,
     * key k0 k1, expected x0..x3.
     */
    private static final int[][] KAT = {
        {0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
         0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
         0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
         0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
    };

    private static final long SEED = 0x0123456789ABCDEFL;
    private static final int N = 1_000_000;

    // ------------------------------------------------------------------ Philox KATs

    @Test
    void knownAnswerVectors() {
        for (int[] v : KAT) {
            int[] expected = {v[6], v[7], v[8], v[9]};
            assertArrayEquals(expected, Philox4x32.block(v[0], v[1], v[2], v[3], v[4], v[5]));
            int[] out = new int[7];
            Philox4x32.block(v[0], v[1], v[2], v[3], v[4], v[5], out, 2);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 2, 6));
            assertEquals(0, out[0]);
            assertEquals(0, out[6]);
        }
    }

    @Test
    void wordMatchesBlockWithSplitCounterAndKey() {
        long ctr = 0x85a308d3_243f6a88L;
        long key = 0x299f31d0_a4093822L;
        int[] b = Philox4x32.block(0x243f6a88, 0x85a308d3, 0, 0, 0xa4093822, 0x299f31d0);
        for (int j = 0; j < 4; j++) assertEquals(b[j], Philox4x32.word(ctr, key, j));
        // the all-zero KAT goes through the same mapping
        assertEquals(0x6627e8d5, Philox4x32.word(0, 0, 0));
        assertEquals(0x9b00dbd8, Philox4x32.word(0, 0, 3));
    }

    // ------------------------------------------------------------------ counter mapping

    @Test
    void wordFollowsDocumentedCounterMapping() {
        RandomStream s = new RandomStream(SEED);
        int k0 = (int) SEED;
        int k1 = (int) (SEED >>> 32);
        long offset = 0xFFFF_FFFFL - 1; // crosses the c0 -> c1 carry
        for (long i = 0; i < 16; i++) {
            long ctr = offset + i / 4;
            int[] b = Philox4x32.block((int) ctr, (int) (ctr >>> 32), 0, 0, k0, k1);
            assertEquals(b[(int) (i % 4)], s.word(offset, i));
            long ctr2 = offset + i / 2;
            int[] b2 = Philox4x32.block((int) ctr2, (int) (ctr2 >>> 32), 0, 0, k0, k1);
            int g = (int) (i % 2) * 2;
            long v = ((long) b2[g] << 32) | (b2[g + 1] & 0xFFFFFFFFL);
            assertEquals(v, s.word64(offset, i));
        }
        // uniform maps exactly as documented
        for (long i = 0; i < 8; i++) {
            assertEquals((s.word(7, i) >>> 8) * 0x1p-24f, s.uniformFloat(7, i));
            assertEquals((s.word64(7, i) >>> 11) * 0x1p-53, s.uniformDouble(7, i));
        }
        // counter arithmetic wraps modulo 2^64
        assertEquals(s.word(0, 0), s.word(-1, 4));
    }

    @Test
    void singleElementsEqualBulkFills() {
        RandomStream s = new RandomStream(SEED);
        long offset = 4 * 12345L;
        int n = 37; // not a multiple of 4: exercises the tails
        int off = 3;
        float[] uf = new float[off + n];
        double[] ud = new double[off + n];
        float[] nf = new float[off + n];
        double[] nd = new double[off + n];
        byte[] bb = new byte[off + n];
        float[] bf = new float[off + n];
        long[] ri = new long[off + n];
        s.fillUniform(uf, off, n, offset);
        s.fillUniform(ud, off, n, offset);
        s.fillNormal(nf, off, n, offset);
        s.fillNormal(nd, off, n, offset);
        s.fillBernoulli(bb, off, n, offset, 0.3);
        s.fillBernoulli(bf, off, n, offset, 0.3);
        s.fillRandint(ri, off, n, offset, -5, 1000);
        for (int i = 0; i < n; i++) {
            assertEquals(s.uniformFloat(offset, i), uf[off + i], "uniform float " + i);
            assertEquals(s.uniformDouble(offset, i), ud[off + i], "uniform double " + i);
            assertEquals(s.normalFloat(offset, i), nf[off + i], "normal float " + i);
            assertEquals(s.normalDouble(offset, i), nd[off + i], "normal double " + i);
            assertEquals(s.bernoulli(offset, i, 0.3) ? 1 : 0, bb[off + i], "bernoulli byte " + i);
            assertEquals(s.bernoulli(offset, i, 0.3) ? 1f : 0f, bf[off + i], "bernoulli float " + i);
            assertEquals(s.randint(offset, i, -5, 1000), ri[off + i], "randint " + i);
        }
        for (int i = 0; i < off; i++) {
            assertEquals(0f, uf[i]);
            assertEquals(0L, ri[i]);
        }
        // a fill of a prefix is a prefix of the longer fill
        float[] shorter = new float[n - 6];
        s.fillUniform(shorter, 0, n - 6, offset);
        for (int i = 0; i < n - 6; i++) assertEquals(uf[off + i], shorter[i]);
    }

    @Test
    void normalFloatMatchesDocumentedBoxMuller() {
        RandomStream s = new RandomStream(SEED);
        for (long i = 0; i < 8; i++) {
            long base = i & ~1L; // the pair's first element; words 2g, 2g+1 with g = (i%4)/2
            long a = s.word(5, base) & 0xFFFFFFFFL;
            long b = s.word(5, base + 1) & 0xFFFFFFFFL;
            double u1 = (a + 1) * 0x1p-32;
            double u2 = b * 0x1p-32;
            double r = Math.sqrt(-2 * StrictMath.log(u1));
            double t = 2 * Math.PI * u2;
            float expected = (float) (r * ((i & 1) == 0 ? StrictMath.cos(t) : StrictMath.sin(t)));
            assertEquals(expected, s.normalFloat(5, i));
        }
    }

    @Test
    void determinismAndDistinctStreams() {
        float[] a = new float[64];
        float[] b = new float[64];
        new RandomStream(SEED).fillUniform(a, 0, 64, 100);
        new RandomStream(SEED).fillUniform(b, 0, 64, 100);
        assertArrayEquals(a, b);
        new RandomStream(SEED).fillUniform(b, 0, 64, 116);
        assertFalse(java.util.Arrays.equals(a, b));
        // offset + 1 is exactly the stream shifted by 4 elements (32-bit draws)
        RandomStream s = new RandomStream(SEED);
        for (int i = 0; i < 60; i++) assertEquals(a[i + 4], s.uniformFloat(101, i));
        new RandomStream(SEED + 1).fillUniform(b, 0, 64, 100);
        assertFalse(java.util.Arrays.equals(a, b));
        new RandomStream(SEED ^ (1L << 40)).fillUniform(b, 0, 64, 100); // high key word matters
        assertFalse(java.util.Arrays.equals(a, b));
    }

    // ------------------------------------------------------------------ statistics

    @Test
    void uniformFloatMoments() {
        float[] x = new float[N];
        new RandomStream(SEED).fillUniform(x, 0, N, 0);
        double sum = 0, sq = 0;
        float min = 1, max = 0;
        for (float v : x) {
            sum += v;
            sq += v * (double) v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 0f && max < 1f);
        checkUniformMoments(sum / N, sq / N - (sum / N) * (sum / N));
    }

    @Test
    void uniformDoubleMoments() {
        double[] x = new double[N];
        new RandomStream(SEED).fillUniform(x, 0, N, 0);
        double sum = 0, sq = 0;
        for (double v : x) {
            assertTrue(v >= 0.0 && v < 1.0);
            sum += v;
            sq += v * v;
        }
        checkUniformMoments(sum / N, sq / N - (sum / N) * (sum / N));
    }

    private static void checkUniformMoments(double mean, double var) {
        // mean: sd = sqrt(1/12 / N); var: sd of the sample variance = sqrt((1/80 - 1/144) / N)
        assertEquals(0.5, mean, 5 * Math.sqrt(1.0 / 12 / N), "mean");
        assertEquals(1.0 / 12, var, 5 * Math.sqrt((1.0 / 80 - 1.0 / 144) / N), "variance");
    }

    @Test
    void normalFloatMoments() {
        float[] x = new float[N];
        new RandomStream(SEED).fillNormal(x, 0, N, 0);
        double[] d = new double[N];
        for (int i = 0; i < N; i++) {
            assertTrue(Float.isFinite(x[i]) && Math.abs(x[i]) <= 6.67f);
            d[i] = x[i];
        }
        checkNormalMoments(d);
    }

    @Test
    void normalDoubleMoments() {
        double[] x = new double[N];
        new RandomStream(SEED).fillNormal(x, 0, N, 0);
        for (double v : x) assertTrue(Double.isFinite(v) && Math.abs(v) <= 8.58);
        checkNormalMoments(x);
    }

    private static void checkNormalMoments(double[] x) {
        double sum = 0, sq = 0, within1 = 0;
        for (double v : x) {
            sum += v;
            sq += v * v;
            if (Math.abs(v) < 1) within1++;
        }
        double mean = sum / N;
        double var = sq / N - mean * mean;
        assertEquals(0.0, mean, 5 / Math.sqrt(N), "mean");
        assertEquals(1.0, var, 5 * Math.sqrt(2.0 / N), "variance"); // var of s^2 is 2/N
        double p1 = 0.6826894921370859; // P(|Z| < 1)
        assertEquals(p1, within1 / N, 5 * Math.sqrt(p1 * (1 - p1) / N), "P(|Z|<1)");
    }

    @Test
    void normalLogArgumentNeverZero() {
        // (word + 1) * 2^-32 is in (0, 1]: the all-zero word gives u1 = 2^-32, the largest radius
        double rmax = Math.sqrt(-2 * Math.log(0x1p-32));
        assertTrue(rmax < 6.67 && Double.isFinite(rmax));
        double rmax64 = Math.sqrt(-2 * Math.log(0x1p-53));
        assertTrue(rmax64 < 8.58 && Double.isFinite(rmax64));
    }

    @Test
    void bernoulliFrequency() {
        byte[] x = new byte[N];
        double p = 0.3;
        new RandomStream(SEED).fillBernoulli(x, 0, N, 0, p);
        long ones = 0;
        for (byte v : x) {
            assertTrue(v == 0 || v == 1);
            ones += v;
        }
        assertEquals(p, (double) ones / N, 5 * Math.sqrt(p * (1 - p) / N));
        // edge probabilities are exact
        float[] f = new float[1000];
        new RandomStream(SEED).fillBernoulli(f, 0, 1000, 0, 0.0);
        for (float v : f) assertEquals(0f, v);
        new RandomStream(SEED).fillBernoulli(f, 0, 1000, 0, 1.0);
        for (float v : f) assertEquals(1f, v);
        assertThrows(IllegalArgumentException.class, () -> new RandomStream(SEED).bernoulli(0, 0, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new RandomStream(SEED).bernoulli(0, 0, Double.NaN));
    }

    @Test
    void randintRangeAndCounts() {
        long low = -3, high = 7; // 10 values
        long[] x = new long[N];
        new RandomStream(SEED).fillRandint(x, 0, N, 0, low, high);
        long[] counts = new long[10];
        for (long v : x) {
            assertTrue(v >= low && v < high, "out of range: " + v);
            counts[(int) (v - low)]++;
        }
        // chi-square with 9 degrees of freedom: mean 9, sd sqrt(18); 5 sigma is about 30
        double expected = N / 10.0, chi2 = 0;
        for (long c : counts) chi2 += (c - expected) * (c - expected) / expected;
        assertTrue(chi2 < 9 + 5 * Math.sqrt(18), "chi2 = " + chi2);
        // the full 64-bit range and huge spans work
        RandomStream s = new RandomStream(SEED);
        for (int i = 0; i < 8; i++) {
            // span 2^64 - 1: floor(v * (2^64 - 1) / 2^64) = v - 1 for v > 0
            long v = s.word64(0, i);
            assertEquals(Long.MIN_VALUE + (v == 0 ? 0 : v - 1), s.randint(0, i, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        for (int i = 0; i < 100; i++) {
            long v = s.randint(3, i, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
            assertTrue(v >= Long.MIN_VALUE / 2 && v < Long.MAX_VALUE / 2);
            assertEquals(5L, s.randint(3, i, 5, 6));
        }
        assertThrows(IllegalArgumentException.class, () -> s.randint(0, 0, 4, 4));
    }

    @Test
    void unsignedMultiplyHighIsExact() {
        long[] xs = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x123456789ABCDEF0L, 0xFEDCBA9876543210L};
        for (long x : xs) {
            for (long y : xs) {
                java.math.BigInteger bx = new java.math.BigInteger(Long.toUnsignedString(x));
                java.math.BigInteger by = new java.math.BigInteger(Long.toUnsignedString(y));
                long expected = bx.multiply(by).shiftRight(64).longValue();
                assertEquals(expected, RandomStream.unsignedMultiplyHigh(x, y));
            }
        }
    }

    // ------------------------------------------------------------------ Generator

    @Test
    void generatorReservesNonOverlappingOffsets() {
        Generator g = new Generator(42);
        assertEquals(42, g.seed());
        assertEquals(0, g.offset());
        assertEquals(0, g.reserve(5));
        assertEquals(8, g.offset());
        assertEquals(8, g.reserve(4));
        assertEquals(12, g.reserve(0));
        assertEquals(12, g.reserve(1));
        assertEquals(16, g.offset());
        Generator.State st = g.advance(10);
        assertEquals(new Generator.State(42, 16), st);
        assertEquals(28, g.offset());
        assertThrows(IllegalArgumentException.class, () -> g.reserve(-1));

        // a draw of n elements never reaches the next draw's counters, for every draw kind
        RandomStream s = g.stream();
        for (int n = 1; n <= 9; n++) {
            long o1 = g.reserve(n);
            long o2 = g.offset();
            long countersUsed64 = (n + 1) / 2; // 64-bit draws use the most counters
            assertTrue(o1 + countersUsed64 <= o2);
            assertEquals(0, o2 % 4);
        }
        assertEquals(42, s.seed());
    }

    @Test
    void generatorStateRoundTripReplays() {
        Generator g = new Generator(7);
        g.reserve(100);
        Generator.State saved = g.getState();
        float[] a = new float[50];
        g.stream().fillUniform(a, 0, 50, g.reserve(50));
        g.setState(saved);
        float[] b = new float[50];
        g.stream().fillUniform(b, 0, 50, g.reserve(50));
        assertArrayEquals(a, b);

        g.manualSeed(8);
        assertEquals(new Generator.State(8, 0), g.getState());
        assertEquals(8, g.stream().seed());
        float[] c = new float[50];
        g.stream().fillUniform(c, 0, 50, g.reserve(50));
        assertFalse(java.util.Arrays.equals(a, c));
        g.setState(7, saved.offset());
        assertEquals(7, g.stream().seed());
    }

    @Test
    void globalGeneratorDefaults() {
        Generator g = Generator.global();
        assertEquals(g, Generator.global());
        String prop = System.getProperty("jgrad.seed");
        Generator.State saved = g.getState();
        try {
            if (prop == null) {
                // unless something already reseeded it, the global seed is the documented default
                assertEquals(0x5EEDL, Generator.DEFAULT_SEED);
            }
            g.manualSeed(123);
            assertEquals(123, g.seed());
            assertEquals(0, g.offset());
        } finally {
            g.setState(saved);
        }
        assertNotEquals(null, g.toString());
    }
}
