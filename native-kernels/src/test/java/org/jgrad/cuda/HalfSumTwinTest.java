package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.jgrad.tensor.BFloat16;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Half;
import org.jgrad.tensor.cpu.HostStorage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code index.cu}'s addStored for the half types adds two halves in float and rounds the sum to
 * the half type; the CPU's scatter_add adds them in double and rounds once. The two agree because
 * float's 24 significant bits are at least 2p + 2 for p = 11 (float16) and p = 8 (bfloat16), which
 * makes rounding first to float innocuous for a sum. Checked here on random pairs whose exponents
 * lie close together (the sums that carry, cancel and tie) and far apart (the ones float rounds).
 */
class HalfSumTwinTest {
    private static final int PAIRS = 400_000;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void theFloatSumRoundedOnceIsTheCpusDoubleSum(DType dtype) {
        Random rnd = new Random(dtype.ordinal() * 7919L);
        HostStorage cpu = HostStorage.allocate(dtype, 1);
        int exponentBits = dtype == DType.FLOAT16 ? 5 : 8, mantissaBits = 15 - exponentBits;
        for (int i = 0; i < PAIRS; i++) {
            short a = (short) rnd.nextInt(1 << 16);
            int shift = rnd.nextBoolean() ? rnd.nextInt(4) : rnd.nextInt(1 << exponentBits); // b's exponent below a's
            int bExponent = Math.max(0, ((a >> mantissaBits) & ((1 << exponentBits) - 1)) - shift);
            short b = (short) ((rnd.nextInt(2) << 15) | (bExponent << mantissaBits) | rnd.nextInt(1 << mantissaBits));
            cpu.setDouble(0, widen(dtype, a) + widen(dtype, b));
            short onDevice = round(dtype, (float) widen(dtype, a) + (float) widen(dtype, b));
            double expected = cpu.getDouble(0), actual = widen(dtype, onDevice);
            if (!(Double.isNaN(expected) && Double.isNaN(actual)))
                assertEquals(expected, actual, 0, () -> dtype + ": " + widen(dtype, a) + " + " + widen(dtype, b));
        }
    }

    private static double widen(DType dtype, short bits) {
        return dtype == DType.FLOAT16 ? Half.toFloat(bits) : BFloat16.toFloat(bits);
    }

    /** __float2half_rn / __float2bfloat16_rn. */
    private static short round(DType dtype, float v) {
        return dtype == DType.FLOAT16 ? Half.fromFloat(v) : BFloat16.fromFloat(v);
    }
}
