package org.jgrad.bench.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.bench.harness.Engine;
import org.jgrad.bench.harness.PeerProcess;

/**
 * The peers {@code --peer} can bring in. They live in source sets that are compiled only on demand
 * (PyTorch through DJL: Maven profile {@code pytorch}, {@code bench/src/pytorch/java}), so they are
 * looked up by class name and their absence is an explained "not available", never a failure. A peer
 * runs in a child JVM ({@link PeerProcess}) with this JVM's class path and flags and the same thread
 * count as jgrad, so that the two engines' thread pools never compete for the cores.
 */
final class Peers {
    private Peers() {}

    static final String PYTORCH = "org.jgrad.bench.pytorch.PyTorchPeer";

    /** Opens the peer called {@code name} in its own process; throws {@link IllegalStateException} saying why it cannot run. */
    static Engine open(String name, int threads) {
        if (!name.equals("pytorch")) throw new IllegalArgumentException("bench: unknown peer '" + name + "' (known: pytorch)");
        try {
            Class.forName(PYTORCH, false, Peers.class.getClassLoader());
            Class.forName("ai.djl.engine.Engine", false, Peers.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the PyTorch peer is not compiled in or DJL is not on the class path (" + e.getMessage()
                    + "): run it through the launcher (./jgrad bench --peer pytorch builds bench with the Maven profile pytorch)"
                    + " or build with mvn -Ppytorch package", e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("jgrad.threads", Integer.toString(threads));
        properties.put("ai.djl.pytorch.num_threads", Integer.toString(threads));
        properties.put("ai.djl.pytorch.num_interop_threads", Integer.toString(threads));
        try {
            return new PeerProcess(PeerProcess.javaChild(PYTORCH, properties));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the PyTorch peer could not start: " + e.getMessage(), e);
        }
    }
}
