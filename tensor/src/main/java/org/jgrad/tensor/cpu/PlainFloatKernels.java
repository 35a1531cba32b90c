package org.jgrad.tensor.cpu;

import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.BFloat16;
import org.jgrad.tensor.Half;
import org.jgrad.tensor.UnaryOp;

/** {@link FloatKernels} in plain Java loops, without virtual calls per element. */
class PlainFloatKernels implements FloatKernels {
    /** Sum block length: float32 partial sums over at most this many elements, then added in double. */
    static final int SUM_BLOCK = 1024;

    @Override
    public String describe() {
        return "plain Java (" + Simd.unavailableReason() + ")";
    }

    @Override
    public boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, boolean bScalar, float[] out, int o, int n) {
        int bs = bScalar ? 0 : 1;
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[ao + i] + b[bo + i * bs]; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[ao + i] - b[bo + i * bs]; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[ao + i] * b[bo + i * bs]; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[ao + i] / b[bo + i * bs]; }
            case MAXIMUM -> { for (int i = 0; i < n; i++) out[o + i] = Math.max(a[ao + i], b[bo + i * bs]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) out[o + i] = Math.min(a[ao + i], b[bo + i * bs]); }
            default -> { return false; }
        }
        return true;
    }

    @Override
    public boolean unary(UnaryOp op, float[] x, int xo, float[] out, int o, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) out[o + i] = -x[xo + i]; }
            case ABS -> { for (int i = 0; i < n; i++) out[o + i] = Math.abs(x[xo + i]); }
            case RELU -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; out[o + i] = v > 0 || v != v ? v : 0f; } }
            case SQRT -> { for (int i = 0; i < n; i++) out[o + i] = (float) Math.sqrt(x[xo + i]); }
            case EXP -> { for (int i = 0; i < n; i++) out[o + i] = (float) Math.exp(x[xo + i]); }
            case LOG -> { for (int i = 0; i < n; i++) out[o + i] = (float) Math.log(x[xo + i]); }
            case TANH -> { for (int i = 0; i < n; i++) out[o + i] = (float) Math.tanh(x[xo + i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) out[o + i] = (float) UnaryOp.SIGMOID.apply(x[xo + i]); }
            default -> { return false; }
        }
        return true;
    }

    @Override
    public void toHalf(float[] src, int so, short[] dst, int d, int n) {
        for (int i = 0; i < n; i++) dst[d + i] = Half.fromFloat(src[so + i]);
    }

    @Override
    public void fromHalf(short[] src, int so, float[] dst, int d, int n) {
        for (int i = 0; i < n; i++) dst[d + i] = Half.toFloat(src[so + i]);
    }

    @Override
    public void toBFloat16(float[] src, int so, short[] dst, int d, int n) {
        for (int i = 0; i < n; i++) dst[d + i] = BFloat16.fromFloat(src[so + i]);
    }

    @Override
    public void fromBFloat16(short[] src, int so, float[] dst, int d, int n) {
        for (int i = 0; i < n; i++) dst[d + i] = BFloat16.toFloat(src[so + i]);
    }

    @Override
    public double sum(float[] x, int off, int n) {
        double total = 0;
        for (int start = 0; start < n; start += SUM_BLOCK) {
            int end = Math.min(n, start + SUM_BLOCK);
            float block = 0;
            for (int i = start; i < end; i++) block += x[off + i];
            total += block;
        }
        return total;
    }

    @Override
    public void channelLinear(float[] u, int uo, float m, float a, float[] v, int vo, float b, float c, float[] out, int o, int n) {
        if (v == null) for (int i = 0; i < n; i++) out[o + i] = Math.fma(a, u[uo + i] - m, c);
        else for (int i = 0; i < n; i++) out[o + i] = Math.fma(a, u[uo + i] - m, Math.fma(b, v[vo + i], c));
    }

    @Override
    public double sumSquaredDeviations(float[] x, int off, int n, float mean) {
        double total = 0;
        for (int start = 0; start < n; start += SUM_BLOCK) {
            int end = Math.min(n, start + SUM_BLOCK);
            float block = 0;
            for (int i = start; i < end; i++) {
                float d = x[off + i] - mean;
                block = Math.fma(d, d, block);
            }
            total += block;
        }
        return total;
    }

    @Override
    public double sumProductCentered(float[] g, int go, float[] x, int xo, int n, float mean) {
        double total = 0;
        for (int start = 0; start < n; start += SUM_BLOCK) {
            int end = Math.min(n, start + SUM_BLOCK);
            float block = 0;
            for (int i = start; i < end; i++) block = Math.fma(g[go + i], x[xo + i] - mean, block);
            total += block;
        }
        return total;
    }

    @Override
    public void reluBackward(float[] x, int xo, float[] g, int go, float[] out, int o, int n) {
        for (int i = 0; i < n; i++) out[o + i] = x[xo + i] > 0 ? g[go + i] : 0f;
    }
}
