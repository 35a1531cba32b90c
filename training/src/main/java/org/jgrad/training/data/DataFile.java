package org.jgrad.training.data;

import java.util.Locale;
import java.util.Objects;

/**
 * One file of a data set as it is kept in the cache: its name there and the SHA-256 of its bytes
 * (lower-case hex). The bytes are those stored: for a gzipped file, the checksum is that of the
 * compressed bytes; a source that downloads a compressed copy of a raw file decompresses it
 * before it is checked.
 */
public record DataFile(String name, String sha256) {
    public DataFile {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith("."))
            throw new IllegalArgumentException("invalid data file name '" + name + "'");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException(name + ": not a SHA-256 in hex: " + sha256);
    }
}
