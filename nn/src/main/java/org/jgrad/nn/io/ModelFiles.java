package org.jgrad.nn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jgrad.nn.Module;

/**
 * Model files: a module's {@link Module#stateDict() state dict} (parameters and buffers by dotted
 * name) in a {@link SafeTensors safetensors} file, with two metadata entries: {@value #FORMAT_KEY}
 * (jgrad's model-file format version, {@value #FORMAT_VERSION}) and {@value #MODULE_KEY} (the
 * module's class name, informational). Files without the version entry (e.g. written by other
 * tools) are accepted; a newer version than this jgrad knows is refused.
 *
 * <p>Saving is atomic ({@link SafeTensors#write}): the target is either left as it was or replaced
 * by the complete file. Loading reads and validates the whole file first and then loads it with
 * {@link Module#loadStateDict}, which checks every key and shape before changing anything; so a
 * corrupt or truncated file, missing or unexpected keys (strict mode, all listed) and shape
 * mismatches all throw an {@link IllegalArgumentException} naming the file, and leave the model
 * exactly as it was.
 */
public final class ModelFiles {
    /** The metadata key holding the format version. */
    public static final String FORMAT_KEY = "jgrad.format_version";
    /** The metadata key holding the saved module's class name. */
    public static final String MODULE_KEY = "jgrad.module";
    /** The format version this jgrad writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    private ModelFiles() {}

    /** Writes {@code module}'s state dict to {@code path} atomically. */
    public static void save(Module module, Path path) throws IOException {
        Objects.requireNonNull(module, "save: module is null");
        Objects.requireNonNull(path, "save: path is null");
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_KEY, Integer.toString(FORMAT_VERSION));
        metadata.put(MODULE_KEY, module.getClass().getName());
        SafeTensors.write(path, module.stateDict(), metadata);
    }

    /**
     * Loads the model file at {@code path} into {@code module}. With {@code strict}, the file must
     * hold exactly the module's keys; otherwise keys on one side only are skipped. Values are
     * converted to each parameter's or buffer's dtype and device.
     *
     * @return the file's metadata
     * @throws IllegalArgumentException the file is not valid safetensors, has a newer format
     *     version, or does not fit the module (every problem listed); the module is unchanged
     * @throws IOException the file could not be read
     */
    public static Map<String, String> load(Module module, Path path, boolean strict) throws IOException {
        Objects.requireNonNull(module, "load: module is null");
        Objects.requireNonNull(path, "load: path is null");
        SafeTensorsContent content = SafeTensors.read(path);
        String version = content.metadata().get(FORMAT_KEY);
        if (version != null) {
            int v;
            try {
                v = Integer.parseInt(version.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model file " + path + ": unreadable format version '" + version + "' in " + FORMAT_KEY, e);
            }
            if (v > FORMAT_VERSION || v < 1)
                throw new IllegalArgumentException("model file " + path + " has format version " + v
                        + "; this jgrad reads versions 1 to " + FORMAT_VERSION);
        }
        try {
            module.loadStateDict(content.tensors(), strict);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load model file " + path + ": " + e.getMessage(), e);
        }
        return content.metadata();
    }
}
