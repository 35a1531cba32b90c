package org.jgrad.training.data;

import java.util.Arrays;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.tensor.random.RandomStream;

/** Seeded random permutations from the Philox stream, so a seed fixes the order of every epoch. */
final class Permutations {
    private Permutations() {}

    /**
     * A random permutation of 0..n-1 (int64): the indices sorted by Philox uniform keys drawn at
     * offset {@code epoch·2^32} of {@code g}'s seed (ties, which are vanishingly rare, by index).
     */
    static NDArray random(int n, Generator g, int epoch) {
        RandomStream stream = new RandomStream(g.seed());
        double[] keys = new double[n];
        stream.fillUniform(keys, 0, n, (long) epoch << 32);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> keys[a] != keys[b] ? Double.compare(keys[a], keys[b]) : Integer.compare(a, b));
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = order[i];
        return NDArray.of(out).to(DType.INT64);
    }
}
