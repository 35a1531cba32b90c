package org.jgrad.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.jgrad.tensor.BFloat16;
import org.jgrad.tensor.Half;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float16 and bfloat16 conversions of both {@link FloatKernels} (plain Java and Vector API)
 * agree bit for bit with {@link Half} and {@link BFloat16}, themselves checked against their
 * formats in HalfTest and BFloat16Test: widening over all 65,536 patterns, rounding over every
 * value's neighbourhood (the values, their float neighbours, the midpoints between adjacent values
 * and theirs) and a million random bit patterns of all magnitudes, NaNs included.
 */
class HalfConversionKernelsTest {
    static java.util.stream.Stream<FloatKernels> implementations() {
        return FloatKernelsTest.implementations();
    }

    private static String hex(int bits) {
        return String.format("0x%08X", bits);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void widensAllPatternsExactly(FloatKernels k) {
        short[] all = new short[0x10000 + 3];
        for (int h = 0; h < 0x10000; h++) all[h + 3] = (short) h;
        float[] out = new float[all.length + 1];
        k.fromHalf(all, 3, out, 1, 0x10000);   // odd offsets, a tail after the whole vectors
        for (int h = 0; h < 0x10000; h++)
            assertEquals(hex(Float.floatToRawIntBits(Half.toFloat((short) h))), hex(Float.floatToRawIntBits(out[h + 1])), "half " + hex(h));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void roundsLikeHalfFromFloat(FloatKernels k) {
        int n = 0x10000 * 6 + 1_000_000;
        float[] in = new float[n + 1];
        int i = 1;
        for (int h = 0; h < 0x10000; h++) {
            float v = Half.toFloat((short) h), next = Half.toFloat((short) (h + 1));
            float mid = (v + next) / 2;   // exact: 12 significant bits
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
        k.toHalf(in, 1, out, 2, n);
        for (int j = 1; j <= n; j++)
            assertEquals(Half.fromFloat(in[j]), out[j + 1], "float " + hex(Float.floatToRawIntBits(in[j])) + " (" + in[j] + ")");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void widensAllBFloat16PatternsExactly(FloatKernels k) {
        short[] all = new short[0x10000 + 3];
        for (int b = 0; b < 0x10000; b++) all[b + 3] = (short) b;
        float[] out = new float[all.length + 1];
        k.fromBFloat16(all, 3, out, 1, 0x10000);
        for (int b = 0; b < 0x10000; b++)
            assertEquals(hex(Float.floatToRawIntBits(BFloat16.toFloat((short) b))), hex(Float.floatToRawIntBits(out[b + 1])), "bfloat16 " + hex(b));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void roundsLikeBFloat16FromFloat(FloatKernels k) {
        int n = 0x10000 * 6 + 1_000_000;
        float[] in = new float[n + 1];
        int i = 1;
        for (int b = 0; b < 0x10000; b++) {
            float v = BFloat16.toFloat((short) b), next = BFloat16.toFloat((short) (b + 1));
            float mid = (v + next) / 2;
            in[i++] = v;
            in[i++] = Math.nextUp(v);
            in[i++] = Math.nextDown(v);
            in[i++] = mid;
            in[i++] = Math.nextUp(mid);
            in[i++] = Math.nextDown(mid);
        }
        SplittableRandom r = new SplittableRandom(6);
        while (i <= n) in[i++] = Float.intBitsToFloat(r.nextInt());
        short[] out = new short[n + 2];
        k.toBFloat16(in, 1, out, 2, n);
        for (int j = 1; j <= n; j++)
            assertEquals(BFloat16.fromFloat(in[j]), out[j + 1], "float " + hex(Float.floatToRawIntBits(in[j])) + " (" + in[j] + ")");
    }
}
