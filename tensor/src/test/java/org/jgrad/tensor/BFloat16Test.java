package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive and edge-case checks of {@link BFloat16} against the format's definition: every one
 * of the 65,536 patterns decoded from sign, exponent and mantissa in double; rounding checked at
 * every pair of neighbours against exact midpoints and against a search over all values that
 * does not use the bit trick {@link BFloat16#fromFloat} relies on.
 */
class BFloat16Test {

    private static String hex(int b) {
        return String.format("0x%04X", b & 0xFFFF);
    }

    /** The value of a bfloat16 computed from the format definition, in double. */
    private static double reference(int b) {
        int s = (b >>> 15) & 1, e = (b >>> 7) & 0xFF, m = b & 0x7F;
        double sign = s == 1 ? -1.0 : 1.0;
        if (e == 255) return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        if (e == 0) return sign * m * Math.pow(2, -133);
        return sign * Math.pow(2, e - 127) * (1 + m / 128.0);
    }

    @Test
    void toFloatMatchesTheFormatDefinitionForAllPatterns() {
        for (int b = 0; b < 0x10000; b++) {
            float f = BFloat16.toFloat((short) b);
            double ref = reference(b);
            if (Double.isNaN(ref)) {
                assertTrue(Float.isNaN(f), hex(b));
                int fb = Float.floatToRawIntBits(f);
                assertEquals(b >>> 15, fb >>> 31, "NaN sign " + hex(b));
                assertTrue((fb & 0x00400000) != 0, "quiet " + hex(b));
                assertEquals(b & 0x3F, (fb >>> 16) & 0x3F, "NaN payload " + hex(b));
            } else {
                assertEquals(0, Double.compare(ref, f), hex(b) + ": " + f + " vs " + ref);
            }
        }
    }

    @Test
    void roundTripsAllPatterns() {
        for (int b = 0; b < 0x10000; b++) {
            short back = BFloat16.fromFloat(BFloat16.toFloat((short) b));
            if (BFloat16.isNaN((short) b)) {
                assertTrue(BFloat16.isNaN(back), hex(b));
                assertEquals(b | 0x0040, back & 0xFFFF, "NaN made quiet, sign and payload kept " + hex(b));
            } else {
                assertEquals(hex(b), hex(back));
            }
        }
    }

    @Test
    void midpointsRoundToEvenAndNeighboursToTheNearer() {
        for (int b = 0; b < 0x7F7F; b++) { // every pair (b, b+1) of adjacent finite positive values
            float lo = BFloat16.toFloat((short) b), hi = BFloat16.toFloat((short) (b + 1));
            double midD = (lo + (double) hi) / 2;
            float mid = (float) midD;
            assertEquals(midD, mid, 0.0, "the midpoint is exact in float (9 significant bits)");
            int even = (b & 1) == 0 ? b : b + 1;
            for (int sign : new int[] {0, 0x8000}) {
                float sgn = sign == 0 ? 1f : -1f;
                assertEquals(hex(sign | even), hex(BFloat16.fromFloat(sgn * mid)), "midpoint " + mid);
                assertEquals(hex(sign | b), hex(BFloat16.fromFloat(sgn * Math.nextDown(mid))), "below " + mid);
                assertEquals(hex(sign | (b + 1)), hex(BFloat16.fromFloat(sgn * Math.nextUp(mid))), "above " + mid);
                assertEquals(hex(sign | b), hex(BFloat16.fromFloat(sgn * Math.nextUp(lo))), "just above " + lo);
                assertEquals(hex(sign | (b + 1)), hex(BFloat16.fromFloat(sgn * Math.nextDown(hi))), "just below " + hi);
            }
        }
    }

    @Test
    void overflowAndTheLargestValue() {
        float max = BFloat16.toFloat(BFloat16.MAX_VALUE);
        BigDecimal expected = new BigDecimal("2").subtract(new BigDecimal("0.0078125")).multiply(new BigDecimal("2").pow(127));
        assertEquals(0, expected.compareTo(new BigDecimal(max)), "(2 - 2^-7)·2^127, got " + max);
        float overflowAt = (float) (max + Math.scalb(1.0, 127 - 8)); // the midpoint to 2^128: rounds to even, infinity
        assertEquals(hex(0x7F80), hex(BFloat16.fromFloat(overflowAt)));
        assertEquals(hex(0x7F7F), hex(BFloat16.fromFloat(Math.nextDown(overflowAt))));
        assertEquals(hex(0x7F80), hex(BFloat16.fromFloat(Float.MAX_VALUE)));
        assertEquals(hex(0xFF80), hex(BFloat16.fromFloat(-Float.MAX_VALUE)));
        assertEquals(hex(0x7F80), hex(BFloat16.fromFloat(Float.POSITIVE_INFINITY)));
        assertEquals(hex(0xFF80), hex(BFloat16.fromFloat(Float.NEGATIVE_INFINITY)));
        assertEquals(Float.POSITIVE_INFINITY, BFloat16.toFloat(BFloat16.POSITIVE_INFINITY));
    }

    @Test
    void subnormalsAndSignedZeros() {
        assertEquals(0x1p-133f, BFloat16.toFloat(BFloat16.MIN_VALUE));
        assertEquals(0x1p-126f, BFloat16.toFloat(BFloat16.MIN_NORMAL));
        assertEquals(hex(0x0000), hex(BFloat16.fromFloat(0x1p-134f))); // tie between 0 and 2^-133: even (zero)
        assertEquals(hex(0x8000), hex(BFloat16.fromFloat(-0x1p-134f)));
        assertEquals(hex(0x0001), hex(BFloat16.fromFloat(Math.nextUp(0x1p-134f))));
        assertEquals(hex(0x0002), hex(BFloat16.fromFloat(3 * 0x1p-134f))); // tie 1 | 2: to even 2
        assertEquals(hex(0x0000), hex(BFloat16.fromFloat(Float.MIN_VALUE)));
        assertEquals(hex(0x0080), hex(BFloat16.fromFloat(127.5f * 0x1p-133f))); // tie, carry into the smallest normal
        assertEquals(hex(0x8000), hex(BFloat16.fromFloat(-0f)));
        assertEquals(0, Float.compare(-0f, BFloat16.toFloat((short) 0x8000)));
    }

    @Test
    void nansStayNansAndBecomeQuiet() {
        assertEquals(hex(0x7FC0), hex(BFloat16.fromFloat(Float.NaN)));
        assertEquals(hex(0xFFC0), hex(BFloat16.fromFloat(Float.intBitsToFloat(0xFFC00000))));
        assertEquals(hex(0x7FC0), hex(BFloat16.fromFloat(Float.intBitsToFloat(0x7F800001)))); // payload only in the dropped bits
        assertEquals(hex(0x7FC0), hex(BFloat16.fromFloat(Float.intBitsToFloat(0x7FFFFFFF)) & 0xFFC0)); // no carry into the sign
        assertTrue(BFloat16.isNaN(BFloat16.fromFloat(Float.intBitsToFloat(0x7FFFFFFF))));
        assertTrue(Float.isNaN(BFloat16.toFloat((short) 0x7F81)));
        assertTrue(!BFloat16.isNaN(BFloat16.POSITIVE_INFINITY) && !BFloat16.isNaN(BFloat16.MAX_VALUE));
    }

    /** Sorted positive finite bfloat16 values, 0x0000 .. 0x7F7F, in double. */
    private static final double[] POSITIVE = new double[0x7F80];

    static {
        for (int b = 0; b < POSITIVE.length; b++) POSITIVE[b] = reference(b);
    }

    /** The nearest bfloat16 to f by binary search over all values (ties to even), independent of the bit trick. */
    private static int nearestBySearch(float f) {
        int sign = Float.floatToRawIntBits(f) < 0 ? 0x8000 : 0;
        double x = Math.abs((double) f), max = POSITIVE[0x7F7F];
        if (x >= max + Math.scalb(1.0, 127 - 8)) return sign | 0x7F80;
        int lo = 0, hi = 0x7F7F; // the largest k with POSITIVE[k] <= x
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (POSITIVE[mid] <= x) lo = mid; else hi = mid - 1;
        }
        if (lo == 0x7F7F) return sign | lo;
        double below = x - POSITIVE[lo], above = POSITIVE[lo + 1] - x;
        int k = below < above ? lo : above < below ? lo + 1 : (lo & 1) == 0 ? lo : lo + 1;
        return sign | k;
    }

    @Test
    void randomFloatsOfEveryMagnitudeRoundToTheNearest() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 300_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (Float.isNaN(f)) continue;
            assertEquals(hex(nearestBySearch(f)), hex(BFloat16.fromFloat(f)), "float " + f);
        }
    }
}
