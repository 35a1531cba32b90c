package org.jgrad.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the optional vendor libraries load: JCublas 12.6.0 (needs CUDA 12's
 * {@code libcublas.so.12} with its versioned symbols) and JCudnn 11.7.0 (needs
 * {@code libcudnn.so.8}). jgrad's kernels never depend on them; where they load they can serve
 * as an in-process baseline. Each probe runs once and reports one line for {@code jgrad info}.
 *
 * <p>JCudnn's own loader names its native library after the JCuda <em>core</em> version
 * ({@code "JCudnn-" + JCudaVersion.get()}): with JCuda 12.6.0 it asks for {@code JCudnn-12.6.0},
 * which no jar ships, so it always fails with a message about the wrong library. The probe loads
 * the native library the {@code jcudnn-natives} jar does ship, named after the JCudnn jar's own
 * version ({@link #cudnnNativeName()}), so its line gives the real reason (normally that
 * {@code libcudnn.so.8} is not installed). JCudnn's Java class still cannot be initialized beside
 * JCuda 12.6.0 (its static initializer repeats the wrong lookup); nothing in jgrad calls it.
 */
final class VendorLibraries {
    private static final Pattern MISSING_LIBRARY = Pattern.compile("(lib[\\w.+-]+\\.so[.\\d]*): cannot open shared object file");
    private static final Pattern MISSING_NATIVE = Pattern.compile("no (\\S+) in java\\.library\\.path");

    /** The JCudnn jar's Maven coordinates file, which gives its version. */
    static final String CUDNN_POM_PROPERTIES = "/META-INF/maven/org.jcuda/jcudnn/pom.properties";

    private static final List<String> STATUS = List.of(
            "cublas  " + describe("JCublas 12.6.0", VendorLibraries::loadCublas),
            "cudnn   " + describe("JCudnn " + cudnnVersion(), VendorLibraries::loadCudnn));

    private VendorLibraries() {}

    /** One line per library: "loads" or why not. */
    static List<String> status() {
        return STATUS;
    }

    private static void loadCublas() {
        jcuda.jcublas.JCublas2.initialize();
    }

    /** Loads the JCudnn native library that matches the JCudnn jar, e.g. {@code libJCudnn-11.7.0-linux-x86_64.so}. */
    private static void loadCudnn() {
        jcuda.LibUtilsCuda.loadLibrary(cudnnNativeName());
    }

    /** The version of the JCudnn jar on the class path, from its Maven coordinates, e.g. "11.7.0". */
    static String cudnnVersion() {
        try (InputStream in = VendorLibraries.class.getResourceAsStream(CUDNN_POM_PROPERTIES)) {
            if (in == null) throw new IllegalStateException("no " + CUDNN_POM_PROPERTIES + " on the class path: is the jcudnn jar missing?");
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version");
            if (version == null || version.isBlank()) throw new IllegalStateException(CUDNN_POM_PROPERTIES + " has no version");
            return version.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CUDNN_POM_PROPERTIES, e);
        }
    }

    /**
     * The native library the {@code jcudnn-natives} jar ships for this platform, named after the
     * JCudnn jar's version (not JCuda's, as JCudnn's own loader does), e.g.
     * {@code JCudnn-11.7.0-linux-x86_64}.
     */
    static String cudnnNativeName() {
        return jcuda.LibUtils.createPlatformLibraryName("JCudnn-" + cudnnVersion());
    }

    private static String describe(String name, Runnable load) {
        try {
            load.run();
            return name + " loads (optional; jgrad's own kernels do the work)";
        } catch (LinkageError e) {
            return name + " unavailable: " + reason(e) + "; jgrad's own kernels serve";
        }
    }

    /** The line of JCuda's nested loader message that explains the failure. */
    static String reason(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
        Matcher missing = MISSING_LIBRARY.matcher(all);
        if (missing.find()) return "needs " + missing.group(1) + ", which is not installed";
        Matcher noNative = MISSING_NATIVE.matcher(all);
        if (noNative.find()) return "no native library " + noNative.group(1) + " for this platform or JCuda version";
        String text = all.toString();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
