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

    /**
     * A draw of {@code kind} on {@code device}: reserves the counters of {@code numel} elements from
     * the generator and lets the device's backend fill element i from (seed, offset, i).
     */
    static NDArray draw(RandomKind kind, Generator g, DType dtype, Device device, double p, int[] shape) {
        String op = switch (kind) {
            case UNIFORM -> "rand";
            case NORMAL -> "randn";
            case BERNOULLI -> "bernoulli";
        };
        Shapes.checkSizes(op, shape);
        if (kind == RandomKind.BERNOULLI && !(p >= 0 && p <= 1))
            throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64)
            throw new IllegalArgumentException(op + ": dtype must be float32 or float64, got " + dtype);
        NDArray out = NDArray.zeros(dtype, device, shape.clone());
        Generator.State st = g.advance(out.numel());
        out.backend().random(kind, st.seed(), st.offset(), p, out);
        return out;
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

    private static NDArray wrap(HostStorage s, int[] shape) {
        int[] copy = shape.clone();
        return new NDArray(s, copy, Shapes.contiguousStrides(copy), 0);
    }
}
