package org.jgrad.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A download mirror over HTTP(S): file {@code name} is fetched from {@code baseUrl + name}, or from
 * {@code baseUrl + name + ".gz"} and decompressed on the fly when the mirror serves gzipped copies
 * of files the cache keeps raw.
 *
 * <p>Timeouts are short (5 s to connect, 30 s to the response headers) so an unreachable mirror
 * fails fast and the next source is tried. The first file that fails stops this source; the files
 * still missing go to the next one.
 */
public final class HttpSource implements Source {
    private static final long PROGRESS_STEP = 8L << 20;

    private final String baseUrl;
    private final boolean gunzip;
    private final Duration connectTimeout, responseTimeout;

    /** A mirror with the default timeouts (5 s to connect, 30 s to the headers). */
    public HttpSource(String baseUrl, boolean gunzip) {
        this(baseUrl, gunzip, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public HttpSource(String baseUrl, boolean gunzip, Duration connectTimeout, Duration responseTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.gunzip = gunzip;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    @Override
    public String name() {
        return "mirror " + baseUrl + (gunzip ? " (.gz)" : "");
    }

    @Override
    public void fetch(List<DataFile> files, Path folder, Consumer<String> progress) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        for (DataFile file : files) {
            URI uri = URI.create(baseUrl + file.name() + (gunzip ? ".gz" : ""));
            progress.accept("  GET " + uri);
            HttpResponse<InputStream> response;
            try {
                response = client.send(HttpRequest.newBuilder(uri).timeout(responseTimeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("download of " + uri + " interrupted");
            } catch (IOException e) {
                throw new IOException(uri.getHost() + ": " + DatasetCache.describe(e), e);
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) throw new IOException(uri + ": HTTP status " + response.statusCode());
                long total = response.headers().firstValueAsLong("content-length").orElse(-1);
                CountingInputStream counted = new CountingInputStream(body);
                try (InputStream in = gunzip ? new GZIPInputStream(counted, 1 << 16) : counted;
                     OutputStream out = Files.newOutputStream(folder.resolve(file.name()))) {
                    byte[] buffer = new byte[1 << 16];
                    long nextReport = PROGRESS_STEP;
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        out.write(buffer, 0, n);
                        if (counted.count >= nextReport) {
                            progress.accept("  " + file.name() + ": " + bytes(counted.count) + (total > 0 ? " of " + bytes(total) : ""));
                            nextReport += PROGRESS_STEP;
                        }
                    }
                }
                progress.accept("  " + file.name() + ": downloaded " + bytes(counted.count));
            }
        }
    }

    static String bytes(long n) {
        if (n < 10_000) return n + " B";
        return n < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", n / 1e3) : String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }

    /** Counts the bytes read from the network (before decompression) for progress lines. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
