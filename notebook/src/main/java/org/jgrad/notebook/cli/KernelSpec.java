package org.jgrad.notebook.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jgrad.nn.io.JsonWriter;

/**
 * The kernel spec Jupyter reads to start jgrad's kernel: {@code kernels/jgrad/kernel.json} under a
 * Jupyter data folder (the user's, {@code jupyter --data-dir}, or any folder named in
 * {@code JUPYTER_PATH}). Interrupts come as messages, since the kernel stops a cell by
 * interrupting its thread, not by a signal to the JVM.
 */
public final class KernelSpec {
    /** The kernel's name in notebooks' metadata. */
    public static final String NAME = "jgrad";
    public static final String DISPLAY_NAME = "jgrad (Java)";

    private KernelSpec() {}

    /**
     * Writes {@code dataDir/kernels/jgrad/kernel.json}, replacing an older one.
     *
     * @param argv the command that starts the kernel, with {@code {connection_file}} where Jupyter puts the connection file
     * @return the file written
     */
    public static Path write(Path dataDir, List<String> argv) throws IOException {
        if (!argv.contains("{connection_file}")) throw new IllegalArgumentException("kernel argv needs {connection_file}: " + argv);
        Path dir = dataDir.resolve("kernels").resolve(NAME);
        Files.createDirectories(dir);
        String json = "{\n"
                + "  \"argv\": [" + argv.stream().map(KernelSpec::quote).collect(Collectors.joining(", ")) + "],\n"
                + "  \"display_name\": " + quote(DISPLAY_NAME) + ",\n"
                + "  \"language\": \"java\",\n"
                + "  \"interrupt_mode\": \"message\"\n"
                + "}\n";
        Path file = dir.resolve("kernel.json");
        Path tmp = dir.resolve("kernel.json.tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    static String quote(String s) {
        return JsonWriter.appendString(new StringBuilder(), s).toString();
    }
}
