package org.jgrad.cuda;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the optional vendor libraries load: JCublas 12.6.0 (needs CUDA 12's
 * {@code libcublas.so.12} with its versioned symbols) and JCudnn 11.7.0 (needs
 * {@code libcudnn.so.8}). jgrad's kernels never depend on them; where they load they can serve
 * as an in-process baseline. Each probe runs once and reports one line for {@code jgrad info}.
 */
final class VendorLibraries {
    private static final Pattern MISSING_LIBRARY = Pattern.compile("(lib[\\w.+-]+\\.so[.\\d]*): cannot open shared object file");
    private static final Pattern MISSING_NATIVE = Pattern.compile("no (\\S+) in java\\.library\\.path");

    private static final List<String> STATUS = List.of(
            "cublas  " + describe("JCublas 12.6.0", VendorLibraries::loadCublas),
            "cudnn   " + describe("JCudnn 11.7.0", VendorLibraries::loadCudnn));

    private VendorLibraries() {}

    /** One line per library: "loads" or why not. */
    static List<String> status() {
        return STATUS;
    }

    private static void loadCublas() {
        jcuda.jcublas.JCublas2.initialize();
    }

    private static void loadCudnn() {
        jcuda.jcudnn.JCudnn.initialize();
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
