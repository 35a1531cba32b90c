package org.jgrad.notebook.eval;

import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's execution in this JVM (snippets see the kernel's classes, not copies), keeping the last
 * value a snippet produced as an object, so the kernel can show a tensor as a table or a chart as an
 * image rather than only the string JShell reports.
 *
 * <p>Snippets run on the thread that evaluates the cell; {@link #interrupt} interrupts it, which
 * stops code that checks {@link Thread#interrupted()} (a sleep, a blocking read), not a busy loop.
 */
final class CapturingExecution extends DirectExecutionControl {
    private Object lastValue;
    /** The thread running a snippet, or null; guarded by this, so an interrupt cannot outlive its snippet. */
    private Thread running;

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        synchronized (this) {
            running = Thread.currentThread();
        }
        try {
            lastValue = doitMethod.invoke(null);
        } finally {
            synchronized (this) {
                running = null;
                // An interrupt that came as the snippet ended is dropped here: left set, it broke the
                // compilation of the cell's next snippet (javac's class-file reads closed by the interrupt).
                Thread.interrupted();
            }
        }
        return valueString(lastValue);
    }

    /** The value of the snippet that ran last (null for a statement or a void call), forgotten after this call. */
    Object takeLastValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    /** Interrupts the snippet now running, if any. */
    synchronized void interrupt() {
        if (running != null) running.interrupt();
    }

    /** Hands one {@link CapturingExecution} to JShell and keeps it for the kernel. */
    static final class Provider implements ExecutionControlProvider {
        final CapturingExecution execution = new CapturingExecution();

        @Override
        public String name() {
            return "jgrad-capturing";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return execution;
        }
    }
}
