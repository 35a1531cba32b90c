package org.jgrad.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * scikit-learn's 8×8 hand-written digits ({@code load_digits}): 1,797 rows of 64 pixel values
 * (0–16, row-major 8×8) and a class label 0–9, as the CSV file {@code digits.csv.gz} (no header)
 * that scikit-learn ships. A small real table for trying things quickly.
 *
 * <p>Fetched into the {@link DatasetCache} folder {@code sklearn-digits} from the Debian package
 * {@code python3-sklearn} ({@code apt-get download} and {@code dpkg -x}: nothing is installed),
 * checked by SHA-256.
 *
 * <pre>{@code
 * CsvTable digits = SklearnDigits.load(DatasetCache.standard(System.err::println));
 * CsvTable.Labeled d = digits.toLabeled(SklearnDigits.LABEL_COLUMN, true);  // x (1797, 64), y (1797)
 * }</pre>
 */
public final class SklearnDigits {
    /** The cache folder name. */
    public static final String ID = "sklearn-digits";
    /** The file with its checksum. */
    public static final DataFile FILE = new DataFile("digits.csv.gz", "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a");
    /** The name of the label column (the file has no header: columns are "0" … "64"). */
    public static final String LABEL_COLUMN = "64";
    /** The rows of the table. */
    public static final int ROWS = 1797;
    /** The indices of the 64 pixel columns. */
    public static final int[] PIXEL_COLUMNS = IntStream.range(0, 64).toArray();

    private SklearnDigits() {}

    /** Where the file comes from. */
    public static List<Source> sources() {
        return List.of(new DebianPackageSource("python3-sklearn", "usr/lib/python3/dist-packages/sklearn/datasets/data"));
    }

    /** Makes the file present and checked in {@code cache} (fetching it if needed); returns its path. */
    public static Path ensure(DatasetCache cache) throws IOException {
        return cache.ensure(ID, List.of(FILE), sources()).resolve(FILE.name());
    }

    /** The table, fetched first if needed. */
    public static CsvTable load(DatasetCache cache) throws IOException {
        return CsvTable.read(ensure(cache), false);
    }
}
