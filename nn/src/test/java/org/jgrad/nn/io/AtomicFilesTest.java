package org.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed write leaves behind is recognised by its name and nothing else is. */
class AtomicFilesTest {
    @Test
    void deleteLeftoversRemovesOnlyTheTemporaryFilesOfKilledWrites(@TempDir Path dir) throws Exception {
        AtomicFiles.writeString(dir.resolve("metrics.json"), "{}");
        Path leftover = Files.writeString(dir.resolve(".checkpoint.safetensors.7f3a09c2d1e4b5a6.tmp"), "half a file");
        Path[] kept = {
            dir.resolve("metrics.json"),
            Files.writeString(dir.resolve("notes.tmp"), "a user's file"),
            Files.writeString(dir.resolve(".hidden"), "a user's file"),
            Files.writeString(dir.resolve(".model.safetensors.NOTHEX.tmp"), "a user's file")
        };
        assertEquals(1, AtomicFiles.deleteLeftovers(dir));
        assertFalse(Files.exists(leftover));
        for (Path p : kept) assertTrue(Files.exists(p), p.toString());
        assertEquals(0, AtomicFiles.deleteLeftovers(dir), "nothing left to delete");
    }
}
