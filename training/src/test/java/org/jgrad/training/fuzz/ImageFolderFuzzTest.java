package org.jgrad.training.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.training.data.ImageFolder;

/**
 * Fuzzes {@link ImageFolder#scan} and {@link ImageFolder#imageFiles} on folder trees built from
 * the input: folders, (empty) files with image and other names, and symbolic links to places
 * inside and outside the root ({@code ..}, absolute paths, loops). A tree is scanned or refused
 * naming the root or the offending entry; nothing listed lies outside the root once links are
 * resolved.
 */
class ImageFolderFuzzTest {
    private static final Path DIR = ReaderContract.scratch("folder");
    private static final Path OUTSIDE = ReaderContract.write(DIR, "outside.png", new byte[0]);
    private static final String[] NAMES = {"cat", "dog", "a.png", "b.JPG", "c.jpeg", ".hidden", ".x.png", "notes.txt", "sub", "..png", "x y.png"};
    private static final String[] TARGETS = {"..", "../..", "../outside.png", "../../outside.png", "/", "cat", "a.png", ".", "missing",
            "../root/cat"};

    @FuzzTest(maxDuration = "10m")
    void scan(FuzzedDataProvider data) throws IOException {
        Path root = DIR.resolve("root");
        clear(root);
        Files.createDirectories(root);
        List<Path> folders = new ArrayList<>(List.of(root));
        int entries = data.consumeInt(0, 12);
        for (int i = 0; i < entries; i++) {
            Path parent = folders.get(data.consumeInt(0, folders.size() - 1));
            Path p = parent.resolve(data.pickValue(NAMES));
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
            switch (data.consumeInt(0, 2)) {
                case 0 -> folders.add(Files.createDirectory(p));
                case 1 -> Files.createFile(p);
                default -> Files.createSymbolicLink(p, Path.of(data.pickValue(TARGETS)));
            }
        }
        Path real = root.toRealPath();
        ImageFolder folder = ReaderContract.readOrRefuse(root.toString(), 0, 0, () -> ImageFolder.scan(root));
        if (folder != null) for (Path f : folder.files()) inside(real, f);
        List<Path> files = ReaderContract.readOrRefuse(root.toString(), 0, 0, () -> ImageFolder.imageFiles(root));
        if (files != null) for (Path f : files) inside(real, f);
    }

    private static void inside(Path realRoot, Path file) throws IOException {
        Path real = file.toRealPath();
        if (!real.startsWith(realRoot)) throw new AssertionError(file + " is " + real + ", outside the folder " + realRoot);
    }

    private static void clear(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(root)) {   // walk does not follow links: only the tree's own entries go
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
