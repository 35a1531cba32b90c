package org.jgrad.notebook.display;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.jgrad.notebook.kernel.JgradKernel;

/**
 * {@code show(x)}: displays a value under the cell now, as the cell's last value would be shown at
 * its end ({@link Displays}), so one cell can show several arrays or charts. Outside a running
 * kernel it prints the value's text instead.
 */
public final class Show {
    private Show() {}

    /** Shows {@code value} (nothing for null). */
    public static void show(Object value) {
        if (value == null) return;
        BaseKernel kernel = JgradKernel.running();
        if (kernel == null) {
            System.out.println(value);
            return;
        }
        System.out.flush();
        kernel.display(Displays.of(value, kernel.getRenderer()));
    }
}
