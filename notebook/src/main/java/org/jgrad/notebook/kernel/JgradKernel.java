package org.jgrad.notebook.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.jgrad.notebook.display.CellProgress;
import org.jgrad.notebook.display.Displays;
import org.jgrad.notebook.eval.CellError;
import org.jgrad.notebook.eval.JShellSession;
import org.jgrad.notebook.magic.Magics;
import org.jgrad.training.learner.SystemOutProgress;

/**
 * jgrad's Jupyter kernel: a cell is Java for {@link JShellSession} (the same class path, startup
 * imports and JVM flags as {@code ./jgrad shell}) with {@code %magic} lines among it
 * ({@link Magics}). The cell's last value is shown rich ({@link Displays}); an error shows jgrad's
 * message and the cell line ({@link CellError}), not JShell's generated stack; a fit's progress bar
 * is redrawn in place ({@link CellProgress}).
 *
 * <p>The Jupyter messaging protocol (ZeroMQ sockets, signed messages, the IOPub stream) is
 * org.dflib.jjava:jjava-jupyter's {@link BaseKernel}; this class supplies the language.
 */
public final class JgradKernel extends BaseKernel {
    private final JShellSession session;
    private final Magics magics = Magics.standard();

    public JgradKernel(JShellSession session) {
        super("jgrad", JgradKernel.class.getPackage().getImplementationVersion() == null ? "dev"
                        : JgradKernel.class.getPackage().getImplementationVersion(),
                new LanguageInfo.Builder("java").version(System.getProperty("java.version")).mimetype("text/x-java-source")
                        .fileExtension(".jshell").pygments("java").codemirror("text/x-java").build(),
                List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null, null, false,
                new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RESET_FG).addSecondaryStyle(TextColor.BOLD_RED_FG)
                        .addHighlightStyle(TextColor.BOLD_RESET_FG).build());
        this.session = session;
    }

    @Override
    public void onStartup() {
        super.onStartup();
        SystemOutProgress.install(() -> new CellProgress(io.display));
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        SystemOutProgress.uninstall();
        super.onShutdown(isRestarting);
        session.close();
    }

    /** The kernel running in this JVM, or null (in a test, a script, {@code ./jgrad shell}). */
    public static BaseKernel running() {
        return BaseKernel.notebookKernel;
    }

    @Override
    public String getBanner() {
        return "jgrad on Java " + System.getProperty("java.version") + "; magics: " + String.join(" ", magics.names());
    }

    /** Runs the cell's code and magic lines in order; returns the last one's value as display data, or null. */
    @Override
    public Object evalRaw(String cell) {
        Object value = runCell(cell);
        return value == null ? null : Displays.of(value, getRenderer());
    }

    /** The cell's value: the last code segment's when it ends in an expression, or the last magic's. */
    Object runCell(String cell) {
        List<String> lines = cell.lines().toList();
        Object value = null;
        int segmentStart = 0;
        for (int i = 0; i <= lines.size(); i++) {
            boolean magic = i < lines.size() && lines.get(i).stripLeading().startsWith("%");
            if (i < lines.size() && !magic) continue;
            value = runCode(lines, segmentStart, i, value);
            if (magic) value = runMagic(lines.get(i).strip().substring(1), i + 1);
            segmentStart = i + 1;
        }
        return value;
    }

    /** Lines [from, to) as one code segment, led by blank lines so JShell's line numbers are the cell's. */
    private Object runCode(List<String> lines, int from, int to, Object previous) {
        List<String> segment = lines.subList(from, to);
        if (segment.stream().allMatch(String::isBlank)) return previous;
        JShellSession.Outcome outcome = session.run("\n".repeat(from) + String.join("\n", segment));
        return outcome.value().orElse(null);
    }

    private Object runMagic(String text, int line) {
        try {
            return magics.run(text, session, line);
        } catch (CellError e) {
            throw e;
        } catch (RuntimeException e) {
            String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new CellError(e.getClass().getSimpleName(), e.getMessage() == null ? "" : e.getMessage(),
                    List.of(message, "at cell line " + line + ": %" + text));
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (!(e instanceof CellError error)) return super.formatError(e);
        List<String> out = new ArrayList<>();
        List<String> lines = error.lines();
        for (int i = 0; i < lines.size(); i++) out.add(i == 0 ? errorStyler.secondary(lines.get(i)) : errorStyler.primary(lines.get(i)));
        return out;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        JShellSession.Completion c = session.complete(code, at);
        return c.candidates().isEmpty() ? null : new ReplacementOptions(c.candidates(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        Boolean complete = session.isComplete(code);
        if (complete == null) return IS_COMPLETE_MAYBE;
        return complete ? IS_COMPLETE_YES : "    ";
    }

    @Override
    public void interrupt() {
        session.interrupt();
    }
}
