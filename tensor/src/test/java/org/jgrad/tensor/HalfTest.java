package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exhaustive and edge-case checks of {@link Half} against IEEE 754 binary16. */
class HalfTest {

    private static String hex(int h) {
        return String.format("0x%04X", h & 0xFFFF);
    }

    /** The value of a half computed independently from the format definition, in double. */
    private static double reference(int h) {
        int s = (h >>> 15) & 1;
        int e = (h >>> 10) & 0x1F;
        int m = h & 0x3FF;
        double sign = s == 1 ? -1.0 : 1.0;
        if (e == 31) return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        if (e == 0) return sign * (m * Math.pow(2, -24));
        return sign * Math.pow(2, e - 15) * (1 + m / 1024.0);
    }

    @Test
    void toFloatMatchesFormatDefinitionForAllPatterns() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            double ref = reference(h);
            if (Double.isNaN(ref)) {
                assertTrue(Float.isNaN(f), hex(h));
                int fb = Float.floatToRawIntBits(f);
                assertEquals(h >>> 15, fb >>> 31, "NaN sign " + hex(h));
                assertTrue((fb & 0x00400000) != 0, "quiet " + hex(h));
            } else {
                // Double.compare separates -0.0 from 0.0
                assertEquals(0, Double.compare(ref, f), hex(h) + ": " + f + " vs " + ref);
            }
        }
    }

    @Test
    void roundTripAllPatterns() {
        for (int h = 0; h < 0x10000; h++) {
            short back = Half.fromFloat(Half.toFloat((short) h));
            if (Half.isNaN((short) h)) {
                assertTrue(Half.isNaN(back), hex(h));
                assertEquals(h & 0x8000, back & 0x8000, "NaN sign " + hex(h));
                assertTrue((back & 0x0200) != 0, "quiet " + hex(back));
                if ((h & 0x0200) != 0) assertEquals(h, back & 0xFFFF, "quiet NaN payload " + hex(h));
            } else {
                assertEquals(hex(h), hex(back));
            }
        }
    }

    @Test
    void midpointsRoundToEvenAndNeighboursToNearer() {
        for (int h = 0; h < 0x7BFF; h++) { // every pair (h, h+1) of adjacent finite positive halves
            float a = Half.toFloat((short) h);
            float b = Half.toFloat((short) (h + 1));
            double midD = (a + (double) b) / 2;
            float mid = (float) midD;
            assertEquals(midD, mid, 0.0, "midpoint must be exact in float"); // 12 bits suffice
            int even = (h & 1) == 0 ? h : h + 1;
            for (int sign : new int[] {0, 0x8000}) {
                float sgn = sign == 0 ? 1f : -1f;
                assertEquals(hex(sign | even), hex(Half.fromFloat(sgn * mid)), "midpoint " + mid);
                assertEquals(hex(sign | h), hex(Half.fromFloat(sgn * Math.nextDown(mid))), "below " + mid);
                assertEquals(hex(sign | (h + 1)), hex(Half.fromFloat(sgn * Math.nextUp(mid))), "above " + mid);
                assertEquals(hex(sign | h), hex(Half.fromFloat(sgn * Math.nextUp(a))), "just above " + a);
                assertEquals(hex(sign | (h + 1)), hex(Half.fromFloat(sgn * Math.nextDown(b))), "just below " + b);
            }
        }
    }

    @Test
    void overflowThreshold() {
        assertEquals(hex(0x7BFF), hex(Half.fromFloat(65504f)));
        assertEquals(hex(0x7BFF), hex(Half.fromFloat(65519.996f)));
        assertEquals(hex(0x7BFF), hex(Half.fromFloat(Math.nextDown(65520f))));
        assertEquals(hex(0x7C00), hex(Half.fromFloat(65520f)));
        assertEquals(hex(0xFC00), hex(Half.fromFloat(-65520f)));
        assertEquals(hex(0xFBFF), hex(Half.fromFloat(-65519.996f)));
        assertEquals(hex(0x7C00), hex(Half.fromFloat(1e10f)));
        assertEquals(hex(0x7C00), hex(Half.fromFloat(Float.MAX_VALUE)));
        assertEquals(hex(0x7C00), hex(Half.fromFloat(Float.POSITIVE_INFINITY)));
        assertEquals(hex(0xFC00), hex(Half.fromFloat(Float.NEGATIVE_INFINITY)));
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(Half.POSITIVE_INFINITY));
        assertEquals(65504f, Half.toFloat(Half.MAX_VALUE));
    }

    @Test
    void underflowAndSubnormals() {
        float minSub = 0x1p-24f;
        assertEquals(hex(0x0001), hex(Half.fromFloat(minSub)));
        assertEquals(minSub, Half.toFloat(Half.MIN_VALUE));
        assertEquals(hex(0x0000), hex(Half.fromFloat(0x1p-25f))); // tie: to even (zero)
        assertEquals(hex(0x8000), hex(Half.fromFloat(-0x1p-25f)));
        assertEquals(hex(0x0001), hex(Half.fromFloat(Math.nextUp(0x1p-25f))));
        assertEquals(hex(0x0001), hex(Half.fromFloat(1.5f * 0x1p-25f)));
        assertEquals(hex(0x0002), hex(Half.fromFloat(1.5f * 0x1p-24f))); // tie 1 | 2: to even 2
        assertEquals(hex(0x0002), hex(Half.fromFloat(2.5f * 0x1p-24f))); // tie 2 | 3: to even 2
        assertEquals(hex(0x0000), hex(Half.fromFloat(Float.MIN_VALUE)));
        assertEquals(hex(0x8000), hex(Half.fromFloat(-Float.MIN_VALUE)));
        assertEquals(hex(0x0000), hex(Half.fromFloat(0x1p-30f)));
        assertEquals(hex(0x0000), hex(Half.fromFloat(0f)));
        assertEquals(hex(0x8000), hex(Half.fromFloat(-0f)));
        assertEquals(0, Float.compare(-0f, Half.toFloat((short) 0x8000)));
        // largest subnormal and the carry into the smallest normal
        assertEquals(hex(0x03FF), hex(Half.fromFloat(1023 * 0x1p-24f)));
        assertEquals(hex(0x0400), hex(Half.fromFloat(1023.5f * 0x1p-24f))); // tie, 0x400 is even
        assertEquals(hex(0x0400), hex(Half.fromFloat(0x1p-14f)));
        assertEquals(0x1p-14f, Half.toFloat(Half.MIN_NORMAL));
    }

    @Test
    void nanHandling() {
        assertTrue(Half.isNaN(Half.fromFloat(Float.NaN)));
        assertEquals(hex(0x7E00), hex(Half.fromFloat(Float.NaN)));
        assertEquals(hex(0xFE00), hex(Half.fromFloat(Float.intBitsToFloat(0xFFC00000))));
        // a signalling float NaN whose payload is only in the low 13 bits stays a (quiet) NaN
        short h = Half.fromFloat(Float.intBitsToFloat(0x7F800001));
        assertEquals(hex(0x7E00), hex(h));
        short hp = Half.fromFloat(Float.intBitsToFloat(0xFF8AB000)); // payload survives
        assertEquals(hex(0xFE00 | (0x0AB000 >>> 13)), hex(hp));
        assertTrue(Float.isNaN(Half.toFloat(Half.NaN)));
        assertTrue(Float.isNaN(Half.toFloat((short) 0x7C01))); // signalling half -> quiet float NaN
        assertTrue(!Half.isNaN(Half.POSITIVE_INFINITY) && !Half.isNaN(Half.MAX_VALUE));
    }

    /** Sorted positive finite half values, 0x0000 .. 0x7BFF, in double. */
    private static final double[] POSITIVE = new double[0x7C00];

    static {
        for (int h = 0; h < 0x7C00; h++) POSITIVE[h] = reference(h);
    }

    /** Nearest half to f by search over all halves (ties to even), independent of Half.fromFloat. */
    private static int nearestBySearch(float f) {
        int sign = Float.floatToRawIntBits(f) < 0 ? 0x8000 : 0;
        double x = Math.abs((double) f);
        if (x >= 65520.0) return sign | 0x7C00;
        int lo = 0, hi = 0x7BFF; // largest k with POSITIVE[k] <= x
        while (lo < hi) {
            int midIdx = (lo + hi + 1) >>> 1;
            if (POSITIVE[midIdx] <= x) lo = midIdx; else hi = midIdx - 1;
        }
        if (POSITIVE[lo] == x || lo == 0x7BFF) return sign | lo;
        double mid = (POSITIVE[lo] + POSITIVE[lo + 1]) / 2; // exact
        if (x < mid) return sign | lo;
        if (x > mid) return sign | (lo + 1);
        return sign | ((lo & 1) == 0 ? lo : lo + 1);
    }

    @Test
    void fromFloatMatchesExhaustiveSearchOnSampledFloats() {
        SplittableRandom rnd = new SplittableRandom(12345);
        // random bit patterns concentrated on the half range, plus a fixed-stride sweep of all floats
        for (int k = 0; k < 400_000; k++) {
            int bits = rnd.nextInt();
            int exp = 102 + rnd.nextInt(42); // float exponents 2^-25 .. 2^16
            int inRange = (bits & 0x807FFFFF) | (exp << 23);
            check(Float.intBitsToFloat(inRange));
            if ((bits & 0x7F800000) != 0x7F800000) check(Float.intBitsToFloat(bits));
        }
        for (long b = 0; b < 0x7F800000L; b += 2039) check(Float.intBitsToFloat((int) b));
    }

    private static void check(float f) {
        int expected = nearestBySearch(f);
        int actual = Half.fromFloat(f) & 0xFFFF;
        if (expected != actual) { // build the message only on failure: this runs ~1.8M times
            assertEquals(hex(expected), hex(actual), "f = " + f + " bits " + Integer.toHexString(Float.floatToRawIntBits(f)));
        }
    }
}
