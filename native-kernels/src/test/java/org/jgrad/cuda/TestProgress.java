package org.jgrad.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * With {@code -Djgrad.test.progress=FILE}, writes a line when each test starts ({@code > Class
 * name}) and one when it ends ({@code ok|FAILED|aborted|skipped seconds Class name}), flushed at
 * once. The console launcher prints its tree only at the end, so a GPU-check stage cut at its time
 * limit would otherwise say nothing: this file says how far the suite got and which test was still
 * running (a hanging kernel). Registered through {@code META-INF/services}; without the property it
 * does nothing (surefire loads it too).
 */
public final class TestProgress implements TestExecutionListener {
    static final String FILE_PROPERTY = "jgrad.test.progress";

    private final Writer out;
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    public TestProgress() {
        this(System.getProperty(FILE_PROPERTY));
    }

    TestProgress(String file) {
        try {
            out = file == null || file.isBlank() ? null
                    : Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the test progress file " + file, e);
        }
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (out == null || !test.isTest()) return;
        started.put(test.getUniqueId(), System.nanoTime());
        line("> " + name(test));
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (out == null || !test.isTest()) return;
        Long t0 = started.remove(test.getUniqueId());
        double seconds = t0 == null ? 0 : (System.nanoTime() - t0) / 1e9;
        String status = switch (result.getStatus()) {
            case SUCCESSFUL -> "ok";
            case FAILED -> "FAILED";
            case ABORTED -> "aborted";
        };
        line(String.format(Locale.ROOT, "%s %.3f %s", status, seconds, name(test)));
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (out == null || !test.isTest()) return;
        line("skipped 0 " + name(test));
    }

    /** "CudaConformanceTest unary ABS float16 case 0 large=false". */
    static String name(TestIdentifier test) {
        String cls = test.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getClassName())
                .map(c -> c.substring(c.lastIndexOf('.') + 1) + " ").orElse("");
        return cls + test.getDisplayName();
    }

    private synchronized void line(String text) {
        try {
            out.write(text);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test progress file", e);
        }
    }
}
