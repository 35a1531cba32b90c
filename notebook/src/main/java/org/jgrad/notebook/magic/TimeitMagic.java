package org.jgrad.notebook.magic;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.notebook.eval.CellError;
import org.jgrad.notebook.eval.JShellSession;

/**
 * {@code %timeit [-n LOOPS] [-r RUNS] expression}: IPython's magic over jgrad's
 * {@link org.jgrad.bench.timing.Timeit} (loop count chosen until a loop lasts 0.2 s unless
 * {@code -n}; 7 runs unless {@code -r}; a device result is waited for before the clock is read),
 * printing {@code mean ± std. dev. per loop (of R runs, N loops each)}. The expression is timed as
 * a {@code Supplier} (its value is what a device synchronizes on), or as a statement when it has no
 * value (a {@code void} call); checked exceptions are allowed, as in a cell.
 */
final class TimeitMagic implements LineMagic {
    /** A checked exception (Thread.sleep's, a file read's) leaves the timed lambda unchecked, as the cell would throw it. */
    private static final String RETHROW = " catch (RuntimeException | Error e) { throw e; } catch (Exception e) { throw new RuntimeException(e); }";

    @Override
    public Object run(String arguments, JShellSession session, int line) {
        List<String> words = new ArrayList<>(List.of(arguments.split("\\s+", -1)));
        StringBuilder timeit = new StringBuilder("org.jgrad.bench.timing.Timeit.defaults()");
        while (words.size() >= 2 && (words.get(0).equals("-n") || words.get(0).equals("-r"))) {
            String option = words.remove(0), value = words.remove(0);
            int count = count(option, value, line);
            timeit.append(option.equals("-n") ? ".withLoops(" : ".withRepeats(").append(count).append(')');
        }
        // The expression stays on the magic's line (errors name it); the code after it starts a new
        // line, so a trailing // comment ends there.
        String expression = String.join(" ", words).strip();
        while (expression.endsWith(";")) expression = expression.substring(0, expression.length() - 1).strip();
        if (expression.isEmpty()) throw usage(line, "%timeit needs an expression to time, e.g. %timeit a.matmul(b)");
        String padding = "\n".repeat(line - 1);
        try {
            session.run(padding + timeit + ".time((java.util.function.Supplier<Object>) () -> { try { return (" + expression + "\n); }"
                    + RETHROW + " });");
        } catch (CellError asValue) {
            if (!asValue.name().equals("CompileError")) throw asValue;
            try {
                session.run(padding + timeit + ".time((Runnable) () -> { try { " + expression + "\n; }" + RETHROW + " });");
            } catch (CellError asStatement) {
                throw asStatement.name().equals("CompileError") && !asValue.getMessage().contains("void") ? asValue : asStatement;
            }
        }
        return null;
    }

    private static int count(String option, String value, int line) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage(line, "%timeit " + option + " must be a whole number >= 1, got '" + value + "'");
    }

    private static CellError usage(int line, String message) {
        return new CellError("UsageError", message, List.of(message, "at cell line " + line));
    }
}
