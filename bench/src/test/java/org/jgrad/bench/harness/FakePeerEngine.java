package org.jgrad.bench.harness;

import org.jgrad.tensor.DType;

/**
 * The engine {@link PeerProcessTest} runs in a child JVM through {@link PeerServer}: calls that cost
 * almost nothing (a counter), float16 unsupported, an epoch whose "accuracy" is 0.25, and a matmul
 * of n = 13 that ends the child process, to show what the bench does when a peer dies.
 */
public final class FakePeerEngine implements Engine {
    private long counter;

    public FakePeerEngine() {}

    @Override public String name() { return "fakepeer"; }
    @Override public String device() { return "cpu"; }
    @Override public String describe() { return "fake peer, threads " + System.getProperty("jgrad.threads"); }

    @Override
    public Prepared prepare(Case c, DType dtype) {
        if (dtype == DType.FLOAT16) throw new UnsupportedOperationException("fake peer: no float16\there");
        if (c instanceof Case.Matmul m && m.n() == 13) {
            System.out.println("the fake peer exits now"); // goes to stderr: stdout is the protocol's
            System.exit(3);
        }
        if (c instanceof Case.Epoch) return new Prepared(() -> counter++, () -> {}, () -> {}, () -> 0.25);
        return new Prepared(() -> counter++, () -> {});
    }
}
