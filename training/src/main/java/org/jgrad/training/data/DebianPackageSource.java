package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
public final class DebianPackageSource implements Source {
    private final String pkg, folderInPackage;

    /**
     * @param pkg             the package name, e.g. {@code dataset-fashion-mnist}
     * @param folderInPackage where the files are in the package, e.g. {@code usr/share/datasets/fashion-mnist}
     */
    public DebianPackageSource(String pkg, String folderInPackage) {
        this.pkg = pkg;
        this.folderInPackage = folderInPackage;
    }

    @Override
    public String name() {
        return "apt-get download " + pkg;
    }

    @Override
    public void fetch(List<DataFile> files, Path folder, Consumer<String> progress) throws IOException {
        Path work = Files.createDirectory(folder.resolve(".apt"));
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
        Path deb;
        try (Stream<Path> s = Files.list(work)) {
            deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download " + pkg + " wrote no .deb file"));
        }
        progress.accept("  " + deb.getFileName() + ": downloaded " + HttpSource.bytes(Files.size(deb)) + "; unpacking");
        Path unpacked = Files.createDirectory(work.resolve("unpacked"));
        ChildProcesses.run(List.of("dpkg", "-x", deb.toString(), unpacked.toString()), work, Duration.ofMinutes(5));
        DatasetCache.moveFound(files, unpacked.resolve(folderInPackage), folder);
    }
}
