package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jgrad.tensor.NDArray;

/**
 * An image folder: one sub-folder per class, named after it, holding that class's images (PNG or
 * JPEG; other files are ignored), as in torchvision's {@code ImageFolder} and fastai's
 * {@code parent_label}:
 *
 * <pre>
 *   root/cat/001.png
 *   root/cat/002.jpg
 *   root/dog/001.png
 * </pre>
 *
 * The class names are the sub-folder names sorted (so class indices do not depend on the file
 * system's order); the files of a class are sorted by name. Each image becomes float32
 * {@code (C, H, W)} in [0, 1] ({@link ImageFiles}); all must have the same size, or be resized to
 * a fixed one.
 *
 * <pre>{@code
 * ImageFolder folder = ImageFolder.scan(root);
 * TensorDataset ds = folder.toTensorDataset(3, 32, 32, true);  // RGB, resized to 32×32
 * folder.classes();                                             // ["cat", "dog"]
 * }</pre>
 *
 * For a folder split into {@code train/} and {@code valid/} (each with class sub-folders), or for
 * labels taken from somewhere else, use {@link #imageFiles(Path)} with a {@link DataBlock}.
 *
 * @param root    the folder scanned
 * @param classes the class names, sorted
 * @param files   the image files, class by class
 * @param labels  the class index of each file
 */
public record ImageFolder(Path root, List<String> classes, List<Path> files, int[] labels) {
    /**
     * Reads the layout of {@code root}: the class sub-folders and their image files. Symbolic
     * links are followed only within {@code root}: a class folder or an image that leads outside
     * it (through {@code ..} or an absolute target), or a link that leads nowhere, is an
     * IllegalArgumentException naming it; entries named like images that are not files (a folder
     * called {@code x.png}) are ignored.
     *
     * @throws IllegalArgumentException the layout is not an image folder, or a link escapes it
     * @throws IOException {@code root} is not a folder, or cannot be listed
     */
    public static ImageFolder scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) throw new IOException(root + ": not a folder");
        Path realRoot = root.toRealPath();
        List<Path> classFolders = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList())
                if (Files.isDirectory(inside(root, realRoot, p))) classFolders.add(p);
        }
        if (classFolders.isEmpty()) throw new IllegalArgumentException(root + ": no class sub-folders (expected root/<class>/<image>)");
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path folder : classFolders) {
            List<Path> images = new ArrayList<>();
            try (Stream<Path> s = Files.list(folder)) {
                for (Path p : s.filter(ImageFolder::isImage).sorted().toList())
                    if (Files.isRegularFile(inside(root, realRoot, p))) images.add(p);
            }
            if (images.isEmpty())
                throw new IllegalArgumentException(folder + ": class folder '" + folder.getFileName() + "' holds no PNG or JPEG image");
            for (Path p : images) {
                files.add(p);
                labels.add(classes.size());
            }
            classes.add(folder.getFileName().toString());
        }
        return new ImageFolder(root, List.copyOf(classes), List.copyOf(files), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Every image file under {@code root}, at any depth, sorted by path (fastai's
     * {@code get_image_files}). Links to folders are not followed; a link to a file is listed when
     * it leads to a file inside {@code root}, and is an IllegalArgumentException naming it when it
     * leads outside or nowhere.
     */
    public static List<Path> imageFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) throw new IOException(root + ": not a folder");
        Path realRoot = root.toRealPath();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(ImageFolder::isImage).sorted().toList())
                if (Files.isRegularFile(inside(root, realRoot, p))) out.add(p);
        }
        return List.copyOf(out);
    }

    /** {@code p} itself when it is no link, or a link that leads to an existing place inside {@code realRoot}. */
    private static Path inside(Path root, Path realRoot, Path p) throws IOException {
        if (!Files.isSymbolicLink(p)) return p;
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException(p + ": a link to " + Files.readSymbolicLink(p) + " that leads nowhere (" + e + ")", e);
        }
        if (!real.startsWith(realRoot))
            throw new IllegalArgumentException(p + ": a link to " + Files.readSymbolicLink(p) + ", which is " + real + ", outside the folder "
                    + root + " (links may not leave the image folder)");
        return p;
    }

    /** The name of the folder holding {@code file}: its class in an image folder. */
    public static String parentLabel(Path file) {
        return file.getParent().getFileName().toString();
    }

    /** True for a file named {@code *.png}, {@code *.jpg} or {@code *.jpeg} (any case). */
    public static boolean isImage(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    /** The number of images. */
    public int size() {
        return files.size();
    }

    /**
     * All images and labels in memory: x float32 {@code (N, channels, height, width)}, y int64
     * {@code (N)}. An image of another size is resized when {@code resize}, else an error naming it.
     */
    public TensorDataset toTensorDataset(int channels, int height, int width, boolean resize) throws IOException {
        int per = channels * height * width;
        float[] x = new float[size() * per];
        long[] y = new long[size()];
        for (int i = 0; i < size(); i++) {
            NDArray image = ImageFiles.read(files.get(i), channels, height, width, resize);
            System.arraycopy(image.toFloatArray(), 0, x, i * per, per);
            y[i] = labels[i];
        }
        return new TensorDataset(HostArrays.f32(x, size(), channels, height, width), HostArrays.i64(y, size()));
    }
}
