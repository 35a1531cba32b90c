package org.jgrad.tensor;

import org.jgrad.tensor.cpu.HostStorage;
import org.jgrad.tensor.random.Generator;
import org.jgrad.tensor.random.RandomStream;

/**
 * Random arrays from a {@link Generator}: each draw reserves a block of Philox counters and fills
 * element i from (seed, offset, i) alone, so any backend can produce the same numbers.
 */
final class RandomDraws {
    private RandomDraws() {}

    /** Uniform on [0, 1) in float32 or float64. */
    static NDArray uniform(Generator g, DType dtype, int[] shape) {
        HostStorage s = drawFloating("rand", dtype, shape);
        Generator.State st = g.advance(s.size());
        RandomStream rs = new RandomStream(st.seed());
        if (s instanceof HostStorage.F64 d) rs.fillUniform(d.data, 0, d.size(), st.offset());
        else rs.fillUniform(((HostStorage.F32) s).data, 0, s.size(), st.offset());
        return wrap(s, shape);
    }

    /** Standard normal in float32 or float64. */
    static NDArray normal(Generator g, DType dtype, int[] shape) {
        HostStorage s = drawFloating("randn", dtype, shape);
        Generator.State st = g.advance(s.size());
        RandomStream rs = new RandomStream(st.seed());
        if (s instanceof HostStorage.F64 d) rs.fillNormal(d.data, 0, d.size(), st.offset());
        else rs.fillNormal(((HostStorage.F32) s).data, 0, s.size(), st.offset());
        return wrap(s, shape);
    }

    /** float32 ones with probability p, else zeros. */
    static NDArray bernoulli(Generator g, double p, int[] shape) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        HostStorage.F32 s = (HostStorage.F32) draw("bernoulli", DType.FLOAT32, shape);
        Generator.State st = g.advance(s.size());
        new RandomStream(st.seed()).fillBernoulli(s.data, 0, s.size(), st.offset(), p);
        return wrap(s, shape);
    }

    /** int64 uniform on [low, high). */
    static NDArray randint(Generator g, long low, long high, int[] shape) {
        if (low >= high) throw new IllegalArgumentException("randint: low " + low + " must be below high " + high);
        HostStorage.I64 s = (HostStorage.I64) draw("randint", DType.INT64, shape);
        Generator.State st = g.advance(s.size());
        new RandomStream(st.seed()).fillRandint(s.data, 0, s.size(), st.offset(), low, high);
        return wrap(s, shape);
    }

    private static HostStorage draw(String op, DType dtype, int[] shape) {
        Shapes.checkSizes(op, shape);
        return HostStorage.allocate(dtype, Shapes.numel(shape));
    }

    /** uniform and normal draws fill float32 or float64 storage only. */
    private static HostStorage drawFloating(String op, DType dtype, int[] shape) {
        if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64)
            throw new IllegalArgumentException(op + ": dtype must be float32 or float64, got " + dtype);
        return draw(op, dtype, shape);
    }

    private static NDArray wrap(HostStorage s, int[] shape) {
        int[] copy = shape.clone();
        return new NDArray(s, copy, Shapes.contiguousStrides(copy), 0);
    }
}
