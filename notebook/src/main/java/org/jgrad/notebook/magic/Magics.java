package org.jgrad.notebook.magic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.notebook.eval.CellError;
import org.jgrad.notebook.eval.JShellSession;

/**
 * The line magics of jgrad's kernel, the ones a fastai notebook leans on: {@code %timeit expr}
 * ({@link TimeitMagic}), {@code %memory} and {@code %empty_cache} ({@link MemoryMagic}),
 * {@code %device [name]} ({@link DeviceMagic}).
 */
public final class Magics {
    private final Map<String, LineMagic> magics = new LinkedHashMap<>();

    /** The four magics. */
    public static Magics standard() {
        Magics m = new Magics();
        m.magics.put("timeit", new TimeitMagic());
        m.magics.put("memory", (args, session, line) -> MemoryMagic.report());
        m.magics.put("empty_cache", (args, session, line) -> MemoryMagic.emptyCache());
        m.magics.put("device", new DeviceMagic());
        return m;
    }

    /** The magics' names, as a user types them ({@code %timeit}, …). */
    public List<String> names() {
        return magics.keySet().stream().map(n -> "%" + n).toList();
    }

    /**
     * Runs one magic line.
     *
     * @param text the line without its {@code %}, e.g. {@code timeit a.matmul(b)}
     * @param line the line's number in the cell
     */
    public Object run(String text, JShellSession session, int line) {
        String name = text.split("\\s+", 2)[0];
        String arguments = text.substring(name.length()).strip();
        LineMagic magic = magics.get(name);
        if (magic == null) {
            String message = "%" + name + " is not a magic of the jgrad kernel; there are " + String.join(", ", names());
            throw new CellError("UnknownMagic", message, List.of(message, "at cell line " + line + ": %" + text));
        }
        return magic.run(arguments, session, line);
    }
}
