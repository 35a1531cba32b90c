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
    /** Reads the layout of {@code root}: the class sub-folders and their image files. */
    public static ImageFolder scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) throw new IOException(root + ": not a folder");
        List<Path> classFolders;
        try (Stream<Path> s = Files.list(root)) {
            classFolders = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        if (classFolders.isEmpty()) throw new IllegalArgumentException(root + ": no class sub-folders (expected root/<class>/<image>)");
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path folder : classFolders) {
            List<Path> images;
            try (Stream<Path> s = Files.list(folder)) {
                images = s.filter(ImageFolder::isImage).sorted().toList();
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

    /** Every image file under {@code root}, at any depth, sorted by path (fastai's {@code get_image_files}). */
    public static List<Path> imageFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) throw new IOException(root + ": not a folder");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList();
        }
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
