package org.jgrad.notebook.eval;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * One JShell in this JVM that evaluates whole cells: the cell is cut into snippets as JShell's
 * prompt would cut its input, each is evaluated in turn, and the first failure stops the cell with a
 * {@link CellError} naming the cell line.
 *
 * <p>The startup files are the ones {@code ./jgrad shell} passes to {@code jshell --startup}
 * ({@code DEFAULT} meaning JShell's own default imports), and the class path is the shell's; the
 * launcher defines both once for the two.
 */
public final class JShellSession implements AutoCloseable {
    /** JShell's own startup (its default imports), read from the JDK's jdk.jshell module. */
    private static final String DEFAULT_STARTUP = "jrt:/jdk.jshell/jdk/internal/jshell/tool/resources/DEFAULT.jsh";

    private final JShell shell;
    private final CapturingExecution execution;

    /**
     * What a cell left: the value of its last snippet when that is an expression (what the notebook
     * shows as the cell's result), else nothing.
     */
    public record Outcome(Optional<Object> value, boolean isExpression) {}

    /**
     * @param classPath      entries to compile and run snippets against (also on this JVM's class path)
     * @param compilerFlags  extra javac flags, e.g. {@code --add-modules jdk.incubator.vector}
     * @param startups       JShell startup files (or {@code DEFAULT}), evaluated in order
     */
    public JShellSession(List<String> classPath, List<String> compilerFlags, List<String> startups) {
        CapturingExecution.Provider provider = new CapturingExecution.Provider();
        execution = provider.execution;
        shell = JShell.builder().executionEngine(provider, java.util.Map.of())
                .compilerOptions(compilerFlags.toArray(String[]::new)).build();
        for (String entry : classPath) if (!entry.isBlank()) shell.addToClasspath(entry);
        for (String startup : startups) {
            try {
                run(readStartup(startup));
            } catch (CellError e) {
                throw new IllegalStateException("startup file " + startup + " failed: " + e, e);
            }
        }
    }

    /** Splits a class path string at {@link File#pathSeparator}. */
    public static List<String> splitPath(String path) {
        return path.isBlank() ? List.of() : List.of(path.split(File.pathSeparator));
    }

    private static String readStartup(String startup) {
        try {
            return startup.equals("DEFAULT") ? Files.readString(Path.of(URI.create(DEFAULT_STARTUP))) : Files.readString(Path.of(startup));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the JShell startup file " + startup + ": " + e.getMessage(), e);
        }
    }

    /** Evaluates a cell; throws {@link CellError} at the first snippet that does not compile or throws. */
    public Outcome run(String cell) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = cell;
        Outcome last = new Outcome(Optional.empty(), false);
        while (!remaining.isBlank()) {
            int offset = cell.length() - remaining.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
            String source = info.completeness().isComplete() ? info.source() : remaining;
            int start = snippetStart(cell, offset, source);
            last = evalSnippet(cell, start, source);
            if (!info.completeness().isComplete()) break;
            remaining = info.remaining();
        }
        return last;
    }

    private Outcome evalSnippet(String cell, int start, String source) {
        List<SnippetEvent> events = shell.eval(source);
        Outcome outcome = new Outcome(Optional.empty(), false);
        Object value = execution.takeLastValue();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) continue; // an update of another snippet, not this one
            Snippet snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) throw compileError(cell, start, snippet);
            if (event.exception() != null) throw runtimeError(cell, start, event.exception());
            boolean expression = snippet.kind() == Snippet.Kind.EXPRESSION
                    || (snippet instanceof VarSnippet && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
            outcome = new Outcome(expression ? Optional.ofNullable(value) : Optional.empty(), expression);
        }
        return outcome;
    }

    private CellError compileError(String cell, int start, Snippet snippet) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : shell.diagnostics(snippet).toList()) {
            if (!d.isError()) continue;
            String message = d.getMessage(Locale.ROOT);
            if (first == null) first = message.lines().findFirst().orElse(message);
            int line = cellLine(cell, start, snippet.source(), (int) Math.max(0, d.getStartPosition()));
            lines.add("cell line " + line + ": " + message);
            lines.add("    " + lineText(cell, line));
        }
        if (first == null) first = "the snippet was rejected";
        if (lines.isEmpty()) lines.add(first);
        return new CellError("CompileError", first, lines);
    }

    private CellError runtimeError(String cell, int start, JShellException e) {
        List<String> lines = new ArrayList<>();
        if (e instanceof UnresolvedReferenceException u) {
            String message = u.getSnippet() + " needs a definition that is missing: "
                    + shell.unresolvedDependencies(u.getSnippet()).toList();
            lines.add(message);
            return new CellError("UnresolvedReference", message, lines);
        }
        String name = e instanceof EvalException ev ? simpleName(ev.getExceptionClassName()) : simpleName(e.getClass().getName());
        String message = e.getMessage() == null ? "" : e.getMessage();
        lines.add(name + (message.isEmpty() ? "" : ": " + message));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            String cn = c instanceof EvalException ev ? simpleName(ev.getExceptionClassName()) : simpleName(c.getClass().getName());
            lines.add("caused by " + cn + (c.getMessage() == null ? "" : ": " + c.getMessage()));
        }
        StackTraceElement[] trace = e.getStackTrace();
        for (StackTraceElement f : trace) {
            if (f.getClassName().startsWith("org.jgrad.")) {
                lines.add("thrown in " + f.getClassName() + "." + f.getMethodName() + " (" + f.getFileName() + ":" + f.getLineNumber() + ")");
                break;
            }
        }
        for (StackTraceElement f : trace) {
            if (f.getClassName().startsWith("REPL.") && f.getLineNumber() > 0) {
                int line = lineOfCell(cell, start) + f.getLineNumber() - 1;
                lines.add("at cell line " + line + ": " + lineText(cell, line).strip());
                break;
            }
        }
        return new CellError(name, message, lines);
    }

    /** Where the snippet {@code source} begins in the cell, searching from {@code offset}. */
    private static int snippetStart(String cell, int offset, String source) {
        String firstLine = source.strip().lines().findFirst().orElse("").strip();
        int at = firstLine.isEmpty() ? -1 : cell.indexOf(firstLine, offset);
        if (at < 0) return offset;
        int lineStart = cell.lastIndexOf('\n', at - 1) + 1;
        return Math.max(offset, lineStart);
    }

    private static int cellLine(String cell, int start, String source, int position) {
        String lead = source.substring(0, Math.min(position, source.length()));
        int skipped = (int) source.lines().takeWhile(String::isBlank).count();
        return lineOfCell(cell, start) + (int) lead.chars().filter(ch -> ch == '\n').count() - skipped;
    }

    private static int lineOfCell(String cell, int position) {
        return 1 + (int) cell.substring(0, Math.min(position, cell.length())).chars().filter(ch -> ch == '\n').count();
    }

    private static String lineText(String cell, int line) {
        List<String> lines = cell.lines().toList();
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** Interrupts the snippet now running (see {@link CapturingExecution#interrupt}). */
    public void interrupt() {
        execution.interrupt();
    }

    @Override
    public void close() {
        shell.close();
    }
}
