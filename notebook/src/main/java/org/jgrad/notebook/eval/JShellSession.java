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
    private static final String DEFAULT_STARTUP = "jrt:/jdk.jshell/jdk/jshell/tool/resources/DEFAULT.jsh";

    private final JShell shell;
    private final CapturingExecution execution;
    /** The cell line where each snippet of the cell now running begins, by snippet id (JShell names its frames' files "#id"). */
    private final java.util.Map<String, Integer> snippetLines = new java.util.HashMap<>();
    /** The ids of the cell's method and class snippets, whose frames' line numbers do not follow their source lines. */
    private final java.util.Set<String> declarations = new java.util.HashSet<>();

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
        snippetLines.clear();
        declarations.clear();
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
            snippetLines.put(snippet.id(), lineOfCell(cell, start));
            if (snippet.kind() == Snippet.Kind.METHOD || snippet.kind() == Snippet.Kind.TYPE_DECL) declarations.add(snippet.id());
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
            if (f.getFileName() == null || !f.getFileName().startsWith("#")) continue;   // JShell's snippets: file "#id", line within it
            String id = f.getFileName().substring(1);
            Integer first = snippetLines.get(id);
            if (first != null && declarations.contains(id)) {
                lines.add("in " + f.getMethodName() + ", defined at cell line " + first + ": " + lineText(cell, first).strip());
            } else if (first == null) {
                lines.add("in " + (f.getMethodName().isEmpty() ? "a snippet" : f.getMethodName()) + ", defined in an earlier cell (its line " + f.getLineNumber() + ")");
            } else {
                int line = first + f.getLineNumber() - 1;
                lines.add("at cell line " + line + ": " + lineText(cell, line).strip());
            }
            break;
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

    /**
     * What completing the code at {@code cursor} could insert: JShell's suggestions that match the
     * type expected there when there are such, else all of them, and the span they replace.
     */
    public record Completion(List<String> candidates, int start, int end) {}

    /** Tab completion at {@code cursor} in {@code code}. */
    public Completion complete(String code, int cursor) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> all = shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor);
        List<String> matching = all.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        List<String> candidates = matching.isEmpty() ? all.stream().map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList() : matching;
        return new Completion(candidates, anchor[0], cursor);
    }

    /** Whether {@code code} is complete as it stands (true), needs more input (false), or cannot be (null). */
    public Boolean isComplete(String code) {
        SourceCodeAnalysis.Completeness c = shell.sourceCodeAnalysis().analyzeCompletion(code).completeness();
        if (c == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE) return false;
        if (c == SourceCodeAnalysis.Completeness.UNKNOWN) return null;
        return true;
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
