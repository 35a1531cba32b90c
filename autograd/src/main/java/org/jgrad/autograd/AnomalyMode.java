package org.jgrad.autograd;

import java.util.Arrays;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Finds where NaN or infinity first appears. Inside a {@link #detect()} scope every recorded op
 * checks its output, and every backward rule the gradients it produces; the first non-finite value
 * is an {@link IllegalStateException} naming the op, the direction and the input shapes:
 * <pre>{@code
 * try (var scope = AnomalyMode.detect()) {
 *     loss = model.forward(x) ...; loss.backward();
 * }
 * }</pre>
 * It reads every value of every array, so it is for debugging, not for training runs.
 */
public final class AnomalyMode {
    private static final ScopedFlag ON = new ScopedFlag();

    private AnomalyMode() {}

    /** True inside a {@link #detect()} scope on this thread. */
    public static boolean isEnabled() {
        return ON.isOn();
    }

    /** Opens a checking scope, closed by try-with-resources. Scopes nest. */
    public static Scope detect() {
        return ON.enter();
    }

    /** Throws if the forward output of {@code op} holds NaN or infinity. */
    static void checkForward(String op, NDArray result, Tensor[] inputs) {
        if (!isEnabled() || allFinite(result)) return;
        throw new IllegalStateException("anomaly: '" + op + "' produced NaN or infinity in its output " + Shapes.format(result.shape())
                + " from inputs " + shapes(inputs));
    }

    /** Throws if the backward of {@code op} produced a non-finite gradient for some input. */
    static void checkBackward(String op, NDArray[] grads, Tensor[] inputs) {
        if (!isEnabled()) return;
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] != null && !allFinite(grads[i]))
                throw new IllegalStateException("anomaly: the backward of '" + op + "' produced NaN or infinity in the gradient of input " + i
                        + " " + Shapes.format(grads[i].shape()) + " (inputs " + shapes(inputs) + ")");
        }
    }

    private static boolean allFinite(NDArray x) {
        if (!x.dtype().isFloating()) return true;
        for (double v : x.toDoubleArray()) if (!Double.isFinite(v)) return false;
        return true;
    }

    private static String shapes(Tensor[] inputs) {
        String[] s = new String[inputs.length];
        for (int i = 0; i < inputs.length; i++) s[i] = Shapes.format(inputs[i].shape());
        return Arrays.toString(s);
    }
}
