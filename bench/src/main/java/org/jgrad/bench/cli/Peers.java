package org.jgrad.bench.cli;

import org.jgrad.bench.harness.Engine;

/**
 * The peers {@code --peer} can bring in. They live in source sets that are compiled only on demand
 * (PyTorch through DJL: Maven profile {@code pytorch}, {@code bench/src/pytorch/java}), so they are
 * looked up by class name and their absence is an explained "not available", never a failure.
 */
final class Peers {
    private Peers() {}

    /** Opens the peer called {@code name}; throws {@link IllegalStateException} saying why it cannot run. */
    static Engine open(String name) {
        if (!name.equals("pytorch")) throw new IllegalArgumentException("bench: unknown peer '" + name + "' (known: pytorch)");
        String className = "org.jgrad.bench.pytorch.PyTorchPeer";
        try {
            return (Engine) Class.forName(className).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the PyTorch peer is not compiled in: run it through the launcher (./jgrad bench --peer pytorch"
                    + " builds bench with the Maven profile pytorch) or build with mvn -Ppytorch package", e);
        } catch (LinkageError e) {
            throw new IllegalStateException("the PyTorch peer's DJL classes are not on the class path (" + e
                    + "): run it through the launcher, ./jgrad bench --peer pytorch", e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("the PyTorch peer could not start: " + cause, e);
        }
    }
}
