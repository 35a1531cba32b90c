package org.jgrad.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jgrad.tensor.BFloat16;
import org.jgrad.tensor.Half;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float16 and bfloat16 conversions of both {@link FloatKernels} (plain Java and Vector API)
 * agree bit for bit with {@link Half} and {@link BFloat16}, themselves checked against their
 * formats in HalfTest and BFloat16Test: widening over all 65,536 patterns, rounding over every
 * value's neighbourhood (the values, their float neighbours, the midpoints between adjacent values
 * and theirs) and a million random bit patterns of all magnitudes, NaNs included.
 */
class HalfConversionKernelsTest {
    /** One format's scalar reference and one implementation's run conversions. */
    private interface Conversions {
        float toFloat(short bits);

        short fromFloat(float f);

        void widen(FloatKernels k, short[] src, int so, float[] dst, int d, int n);

        void round(FloatKernels k, float[] src, int so, short[] dst, int d, int n);
    }

    private static final Conversions FLOAT16 = new Conversions() {
        public float toFloat(short bits) { return Half.toFloat(bits); }
        public short fromFloat(float f) { return Half.fromFloat(f); }
        public void widen(FloatKernels k, short[] src, int so, float[] dst, int d, int n) { k.fromHalf(src, so, dst, d, n); }
        public void round(FloatKernels k, float[] src, int so, short[] dst, int d, int n) { k.toHalf(src, so, dst, d, n); }
        @Override public String toString() { return "float16"; }
    };

    private static final Conversions BFLOAT16 = new Conversions() {
        public float toFloat(short bits) { return BFloat16.toFloat(bits); }
        public short fromFloat(float f) { return BFloat16.fromFloat(f); }
        public void widen(FloatKernels k, short[] src, int so, float[] dst, int d, int n) { k.fromBFloat16(src, so, dst, d, n); }
        public void round(FloatKernels k, float[] src, int so, short[] dst, int d, int n) { k.toBFloat16(src, so, dst, d, n); }
        @Override public String toString() { return "bfloat16"; }
    };

    static Stream<Arguments> cases() {
        return FloatKernelsTest.implementations().flatMap(k -> Stream.of(Arguments.of(k, FLOAT16), Arguments.of(k, BFLOAT16)));
    }

    private static String hex(int bits) {
        return String.format("0x%08X", bits);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void widensAllPatternsExactly(FloatKernels k, Conversions format) {
        short[] all = new short[0x10000 + 3];
        for (int h = 0; h < 0x10000; h++) all[h + 3] = (short) h;
        float[] out = new float[all.length + 1];
        format.widen(k, all, 3, out, 1, 0x10000);   // odd offsets, a tail after the whole vectors
        for (int h = 0; h < 0x10000; h++)
            assertEquals(hex(Float.floatToRawIntBits(format.toFloat((short) h))), hex(Float.floatToRawIntBits(out[h + 1])), format + " " + hex(h));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void roundsLikeTheScalarConversion(FloatKernels k, Conversions format) {
        int n = 0x10000 * 6 + 1_000_000;
        float[] in = new float[n + 1];
        int i = 1;
        for (int h = 0; h < 0x10000; h++) {
            float v = format.toFloat((short) h), next = format.toFloat((short) (h + 1));
            float mid = (v + next) / 2;   // exact: one bit more than the format's significand
            in[i++] = v;
            in[i++] = Math.nextUp(v);
            in[i++] = Math.nextDown(v);
            in[i++] = mid;
            in[i++] = Math.nextUp(mid);
            in[i++] = Math.nextDown(mid);
        }
        SplittableRandom r = new SplittableRandom(5);
        while (i <= n) in[i++] = Float.intBitsToFloat(r.nextInt());
        short[] out = new short[n + 2];
        format.round(k, in, 1, out, 2, n);
        for (int j = 1; j <= n; j++)
            assertEquals(format.fromFloat(in[j]), out[j + 1], format + " of float " + hex(Float.floatToRawIntBits(in[j])) + " (" + in[j] + ")");
    }
}
