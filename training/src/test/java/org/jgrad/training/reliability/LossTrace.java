package org.jgrad.training.reliability;

import java.util.Map;
import org.jgrad.tensor.NDArray;

/**
 * Prints the loss of every step of {@link TinyTraining#cnn} (seed 7) as the raw bits of the
 * double, one per line, then one line per array of the final state with the bits of its values;
 * a child JVM runs it so that runs can be compared bit for bit (e.g. across thread counts).
 * Argument: the number of steps.
 */
public final class LossTrace {
    private LossTrace() {}

    public static void main(String[] args) {
        TinyTraining t = TinyTraining.cnn(7);
        int steps = Integer.parseInt(args[0]);
        for (int i = 0; i < steps; i++) System.out.println("loss " + i + " " + Long.toHexString(Double.doubleToRawLongBits(t.step())));
        for (Map.Entry<String, NDArray> e : t.state().entrySet()) {
            StringBuilder bits = new StringBuilder();
            for (double v : e.getValue().toDoubleArray()) bits.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(v)));
            System.out.println(e.getKey() + bits);
        }
    }
}
