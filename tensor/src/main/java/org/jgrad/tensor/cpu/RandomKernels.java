package org.jgrad.tensor.cpu;

import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.RandomKind;
import org.jgrad.tensor.random.RandomStream;

/** The CPU's random draws: {@link RandomStream}'s fills into a fresh contiguous host array. */
final class RandomKernels {
    private RandomKernels() {}

    static void draw(RandomKind kind, long seed, long offset, double p, NDArray out) {
        RandomStream stream = new RandomStream(seed);
        HostStorage s = ElementwiseKernels.host(out);
        int n = out.numel();
        switch (kind) {
            case UNIFORM -> {
                if (s instanceof HostStorage.F64 d) stream.fillUniform(d.data, out.offset(), n, offset);
                else stream.fillUniform(((HostStorage.F32) s).data, out.offset(), n, offset);
            }
            case NORMAL -> {
                if (s instanceof HostStorage.F64 d) stream.fillNormal(d.data, out.offset(), n, offset);
                else stream.fillNormal(((HostStorage.F32) s).data, out.offset(), n, offset);
            }
            case BERNOULLI -> stream.fillBernoulli(((HostStorage.F32) s).data, out.offset(), n, offset, p);
        }
    }
}
