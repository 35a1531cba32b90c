package org.jgrad.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The folder where data sets are kept, each in a sub-folder named after it, every file checked by
 * its SHA-256.
 *
 * <p>The folder is the system property {@code jgrad.data} if set, else the environment variable
 * {@code JGRAD_DATA}, else {@code ~/.cache/jgrad}.
 *
 * <p>{@link #ensure} makes the files of a data set present: a cached file with the right checksum
 * is used as it is; one with a wrong checksum is deleted and fetched again. Missing files are asked
 * of each source in turn, into a fresh temporary folder under {@code <cache>/.tmp}; each file is
 * checked and then moved into place with one rename, so the data-set folder never holds a partial
 * or unchecked file. A file whose checksum is wrong is rejected (and reported); when the source
 * failed, files it left with a wrong checksum are taken as incomplete and discarded, while those it
 * finished are kept. The temporary folder is deleted when the fetch ends, fails, or the JVM is
 * stopped (a shutdown hook); one left by a killed process is deleted by a later fetch after an hour.
 * When no source provides every file, the {@link IOException} has one line per source saying why it
 * failed.
 */
public final class DatasetCache {
    private static final String TEMP = ".tmp";
    private static final Duration STALE = Duration.ofHours(1);

    private final Path root;
    private final Consumer<String> progress;

    /** A cache in {@code root}; progress lines go to {@code progress}. */
    public DatasetCache(Path root, Consumer<String> progress) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** The cache in {@link #defaultRoot()}. */
    public static DatasetCache standard(Consumer<String> progress) {
        return new DatasetCache(defaultRoot(), progress);
    }

    /** {@code -Djgrad.data}, else {@code $JGRAD_DATA}, else {@code ~/.cache/jgrad}. */
    public static Path defaultRoot() {
        String p = System.getProperty("jgrad.data");
        if (p == null || p.isBlank()) p = System.getenv("JGRAD_DATA");
        if (p != null && !p.isBlank()) return Path.of(p);
        return Path.of(System.getProperty("user.home"), ".cache", "jgrad");
    }

    public Path root() {
        return root;
    }

    /** The folder of data set {@code name}, whether or not its files are there. */
    public Path folder(String name) {
        return root.resolve(name);
    }

    /** Makes the files of {@code dataset} present and checked (fetching what is missing); returns its folder. */
    public Path ensure(Dataset dataset) throws IOException {
        return ensure(dataset.id(), dataset.files(), dataset.sources());
    }

    /**
     * Makes {@code files} present and checked in {@link #folder folder(name)}, fetching the missing
     * ones from {@code sources} in order; returns the folder.
     *
     * @throws IOException when some file cannot be had from any source; the message names the
     *     missing files and has one line per source saying why it failed
     */
    public Path ensure(String name, List<DataFile> files, List<Source> sources) throws IOException {
        Path folder = Files.createDirectories(folder(name));
        List<DataFile> missing = new ArrayList<>();
        for (DataFile f : files) {
            Path p = folder.resolve(f.name());
            if (!Files.exists(p)) {
                missing.add(f);
            } else if (!sha256(p).equals(f.sha256())) {
                progress.accept(name + ": cached " + f.name() + " has the wrong SHA-256 (corrupt or partial); deleted, fetching again");
                Files.delete(p);
                missing.add(f);
            }
        }
        if (missing.isEmpty()) return folder;

        deleteStaleTemporaryFolders();
        Map<String, String> failures = new LinkedHashMap<>();
        for (Source source : sources) {
            if (missing.isEmpty()) break;
            progress.accept(name + ": fetching " + missing.size() + " file(s) from " + source.name());
            List<String> problems = new ArrayList<>(), notProvided = new ArrayList<>();
            boolean failed = false;
            Path work = Files.createDirectories(root.resolve(TEMP)).resolve("fetch-" + name + "-" + ProcessHandle.current().pid()
                    + "-" + System.nanoTime());
            Files.createDirectory(work);
            Thread cleaner = new Thread(() -> {
                deleteQuietly(work);
                deleteIfEmpty(root.resolve(TEMP));
            }, "jgrad-data-cleanup");
            Runtime.getRuntime().addShutdownHook(cleaner);
            try {   // whatever happens, the work folder goes (an Error or an interrupt from the source too)
                try {
                    source.fetch(List.copyOf(missing), work, progress);
                } catch (InterruptedIOException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    problems.add(describe(e));
                    progress.accept("  failed: " + describe(e));
                    failed = true;
                }
                for (DataFile f : List.copyOf(missing)) {
                    Path got = work.resolve(f.name());
                    if (!Files.isRegularFile(got)) {
                        notProvided.add(f.name());
                        continue;
                    }
                    String sum = sha256(got);
                    if (!sum.equals(f.sha256()) && failed) {
                        progress.accept("  " + f.name() + ": incomplete, discarded");
                        continue;
                    }
                    if (!sum.equals(f.sha256())) {
                        String problem = f.name() + " has SHA-256 " + sum + ", expected " + f.sha256() + " (rejected)";
                        progress.accept("  " + problem);
                        problems.add(problem);
                        continue;
                    }
                    moveIntoPlace(got, folder.resolve(f.name()));
                    progress.accept("  " + f.name() + ": SHA-256 ok, " + HttpSource.bytes(Files.size(folder.resolve(f.name()))) + " saved");
                    missing.remove(f);
                }
            } finally {
                deleteQuietly(work);
                deleteIfEmpty(root.resolve(TEMP));
                try {
                    Runtime.getRuntime().removeShutdownHook(cleaner);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
            if (!failed && !notProvided.isEmpty()) problems.add("did not provide " + String.join(", ", notProvided));
            if (!problems.isEmpty()) failures.put(source.name(), String.join("; ", problems));
        }
        if (missing.isEmpty()) return folder;
        StringBuilder m = new StringBuilder("cannot fetch " + name + ": no source provided "
                + String.join(", ", missing.stream().map(DataFile::name).toList()) + " with the right SHA-256");
        if (sources.isEmpty()) m.append("\n  (no sources)");
        failures.forEach((source, why) -> m.append("\n  ").append(source).append(": ").append(why));
        throw new IOException(m.toString());
    }

    /** The SHA-256 of a file's bytes in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java runtime", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * A one-line description of an exception: its message; where it has none, its type followed by
     * its causes' descriptions (Java's HTTP client reports "host not found" or "connection refused"
     * as a {@code ConnectException} without a message).
     */
    static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            boolean said = m != null && !m.isBlank();
            String part = said ? m : t instanceof UnresolvedAddressException ? "host name not resolved" : t.getClass().getSimpleName();
            if (!parts.contains(part)) parts.add(part);
            if (said) break;
        }
        return String.join(": ", parts).replace('\n', ' ');
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void deleteStaleTemporaryFolders() throws IOException {
        Path temp = root.resolve(TEMP);
        if (!Files.isDirectory(temp)) return;
        FileTime limit = FileTime.from(Instant.now().minus(STALE));
        try (Stream<Path> s = Files.list(temp)) {
            for (Path p : s.toList())
                if (Files.getLastModifiedTime(p).compareTo(limit) < 0) deleteQuietly(p);
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // another fetch is under way
        } catch (IOException e) {
            // left for a later fetch
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) return;
        try (Stream<Path> s = Files.walk(path)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a later fetch deletes stale folders
        }
    }

    /** Moves each of {@code files} found in {@code from} to {@code to}; used by the package sources. */
    static void moveFound(List<DataFile> files, Path from, Path to) throws IOException {
        for (DataFile f : files) {
            Path p = from.resolve(f.name());
            if (Files.isRegularFile(p)) Files.move(p, to.resolve(f.name()), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
