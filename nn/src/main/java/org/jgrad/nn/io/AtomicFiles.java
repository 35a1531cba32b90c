package org.jgrad.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files replaced in one step, so that a crash, a kill or an error at any moment leaves either the
 * old file or the complete new one, never a mix or a truncated file:
 * <ol>
 *   <li>the content goes to a new temporary file {@code .<name>.<random>.tmp} in the target's
 *       folder (the same file system, so the rename below cannot turn into a copy);</li>
 *   <li>{@link FileChannel#force(boolean)} puts its bytes on the disk;</li>
 *   <li>one atomic rename replaces the target ({@code rename(2)} on POSIX);</li>
 *   <li>the folder is forced too, where the platform allows, so the rename itself survives a
 *       power loss.</li>
 * </ol>
 * A write that fails deletes its temporary file. One that is killed (the JVM ends abruptly) may
 * leave one behind, named so that it is hidden and never mistaken for the target.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes a file's content to an open channel. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** The temporary files {@link #write} names: {@code .<target name>.<hex>.tmp}. */
    private static final Pattern LEFTOVER = Pattern.compile("\\..+\\.[0-9a-f]+\\.tmp");

    /**
     * Deletes the temporary files that writes into {@code folder} left behind when their JVM was
     * killed mid-write (nothing else matches their names); returns how many. Call it only when no
     * other process writes there, e.g. when a killed run is resumed.
     */
    public static int deleteLeftovers(Path folder) throws IOException {
        int deleted = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator)
                if (LEFTOVER.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f) && Files.deleteIfExists(f)) deleted++;
        }
        return deleted;
    }

    /** Replaces {@code target} with {@code text} in UTF-8, atomically. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /**
     * Replaces {@code target} with what {@code content} writes, atomically.
     *
     * @throws IOException the file could not be written or renamed (the target is left as it was)
     */
    public static void write(Path target, Content content) throws IOException {
        Objects.requireNonNull(target, "target");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            FileChannel created = null;
            while (created == null) {
                tmp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
                try {
                    created = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    tmp = null; // taken: try another name
                }
            }
            try (FileChannel ch = created) {
                content.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + tmp + " over " + absolute + " atomically", e);
            }
        } catch (Throwable t) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException d) {
                    t.addSuppressed(d);
                }
            }
            throw t;
        }
        syncDirectory(dir);
    }

    /** Writes all of {@code buf}'s remaining bytes (one {@code write} call may write fewer). */
    public static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    /** Makes the rename durable where the platform allows opening a directory (POSIX). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not possible on this platform (e.g. Windows); the rename itself has happened.
        }
    }
}
