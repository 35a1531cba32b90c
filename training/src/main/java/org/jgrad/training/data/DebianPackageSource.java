package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Files inside a Debian package, fetched with {@code apt-get download <package>} (which needs no
 * root and installs nothing) and unpacked with {@code dpkg -x}, both run as child processes in the
 * temporary folder. Fashion-MNIST comes this way from {@code dataset-fashion-mnist}, whose
 * {@code usr/share/datasets/fashion-mnist/} holds the four gzipped IDX files.
 *
 * <p>On a fresh machine apt may not know the package yet (no package lists): then
 * {@code apt-get update} is tried once (it needs root) and the download retried; if that fails
 * too, the error says the apt lists are missing.
 */
public final class DebianPackageSource extends PackageToolSource {
    private final String pkg;

    /**
     * @param pkg             the package name, e.g. {@code dataset-fashion-mnist}
     * @param folderInPackage where the files are in the package, e.g. {@code usr/share/datasets/fashion-mnist}
     */
    public DebianPackageSource(String pkg, String folderInPackage) {
        super(folderInPackage);
        this.pkg = pkg;
    }

    @Override
    public String name() {
        return "apt-get download " + pkg;
    }

    @Override String workFolderName() { return ".apt"; }

    @Override String archiveSuffix() { return ".deb"; }

    @Override
    void download(Path work, Consumer<String> progress) throws IOException {
        progress.accept("  running apt-get download " + pkg + " ...");
        List<String> download = List.of("apt-get", "download", pkg);
        try {
            ChildProcesses.run(download, work, Duration.ofMinutes(10));
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (!(m.contains("Unable to locate package") || m.contains("has no installation candidate") || m.contains("No packages found")))
                throw e;
            progress.accept("  apt does not know " + pkg + " (no package lists?); running apt-get update ...");
            try {
                ChildProcesses.run(List.of("apt-get", "update"), work, Duration.ofMinutes(5));
            } catch (IOException update) {
                throw new IOException("apt does not know " + pkg + " (the apt package lists are missing or stale) and apt-get update failed: "
                        + update.getMessage(), update);
            }
            ChildProcesses.run(download, work, Duration.ofMinutes(10));
        }
    }

    @Override
    List<String> unpackCommand(Path archive, Path into) {
        return List.of("dpkg", "-x", archive.toString(), into.toString());
    }
}
