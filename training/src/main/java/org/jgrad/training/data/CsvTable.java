package org.jgrad.training.data;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jgrad.tensor.NDArray;

/**
 * A table read from a CSV file: an optional header row, then one row per line, every row with the
 * same number of fields. Gzipped files are read transparently (recognised by their magic bytes).
 * Fields are separated by a delimiter (a comma by default); a field may be quoted with {@code "}
 * (a quoted field may hold the delimiter, and {@code ""} stands for one quote); surrounding spaces
 * of unquoted fields are trimmed; blank lines are skipped. Without a header the columns are called
 * {@code "0"}, {@code "1"}, …
 *
 * <p>Cells are kept as strings; numbers are parsed when asked for ({@link #number},
 * {@link #features}, {@link #floatLabels}), and a cell that is not a number is an
 * {@link IllegalArgumentException} naming the file, the line and the column, e.g. {@code
 * data.csv line 7, column 'petal_width' (4): 'abc' is not a number}. A row with the wrong number
 * of fields is reported the same way when the file is read.
 *
 * <pre>{@code
 * CsvTable t = CsvTable.read(Path.of("digits.csv.gz"), false);  // no header: columns "0".."64"
 * CsvTable.Labeled d = t.toLabeled("64", true);                  // 64 features, label classes
 * TensorDataset ds = d.dataset();   // x float32 (N, 64), y int64 (N) indexing d.vocab()
 * }</pre>
 */
public final class CsvTable {
    private final String name;
    private final List<String> columns;
    private final List<String[]> rows;
    private final int[] lines;

    private CsvTable(String name, List<String> columns, List<String[]> rows, int[] lines) {
        this.name = name;
        this.columns = columns;
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads {@code file} (raw or gzipped) with the default comma delimiter. */
    public static CsvTable read(Path file, boolean hasHeader) throws IOException {
        return read(file, hasHeader, ',');
    }

    /** Reads {@code file} (raw or gzipped). */
    public static CsvTable read(Path file, boolean hasHeader, char delimiter) throws IOException {
        String name = file.getFileName().toString();
        byte[] bytes = IdxReader.decompress(Files.readAllBytes(file), name);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
            return parse(in, name, hasHeader, delimiter);
        }
    }

    /**
     * Reads {@code file} (raw or gzipped, comma-separated), guessing whether its first line is a
     * header: it is when some column holds a non-number on the first line and a number on the
     * second (a column name above a value), so a table of numbers alone has none, and neither has
     * one whose only text columns are text all the way down.
     */
    public static CsvTable readGuessingHeader(Path file) throws IOException {
        CsvTable t = read(file, false);
        if (t.rowCount() < 2) return t;
        boolean header = false;
        for (int c = 0; c < t.columns.size() && !header; c++) header = !isNumber(t.cell(0, c)) && isNumber(t.cell(1, c));
        if (!header) return t;
        List<String> columns = List.of(t.rows.get(0));
        if (columns.stream().distinct().count() != columns.size())
            throw new IllegalArgumentException(t.name + " line " + t.lines[0] + ": the header repeats a column name: " + columns);
        return new CsvTable(t.name, columns, t.rows.subList(1, t.rows.size()), java.util.Arrays.copyOfRange(t.lines, 1, t.lines.length));
    }

    private static boolean isNumber(String cell) {
        try {
            Float.parseFloat(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Parses CSV text; {@code name} is used in messages. */
    public static CsvTable parse(String text, String name, boolean hasHeader, char delimiter) {
        try (BufferedReader in = new BufferedReader(new StringReader(text))) {
            return parse(in, name, hasHeader, delimiter);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CsvTable parse(BufferedReader in, String name, boolean hasHeader, char delimiter) throws IOException {
        List<String> columns = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
            if (line.isBlank()) continue;
            String[] fields = split(line, delimiter, name, lineNo);
            if (columns == null) {
                if (hasHeader) {
                    columns = List.of(fields);
                    if (columns.stream().distinct().count() != columns.size())
                        throw new IllegalArgumentException(name + " line " + lineNo + ": the header repeats a column name: " + columns);
                    continue;
                }
                List<String> generated = new ArrayList<>();
                for (int c = 0; c < fields.length; c++) generated.add(Integer.toString(c));
                columns = List.copyOf(generated);
            }
            if (fields.length != columns.size())
                throw new IllegalArgumentException(name + " line " + lineNo + ": " + fields.length + " fields, expected " + columns.size()
                        + (hasHeader ? " (as in the header)" : " (as in the first row)"));
            rows.add(fields);
            lines.add(lineNo);
        }
        if (columns == null) throw new IllegalArgumentException(name + ": empty CSV file");
        return new CsvTable(name, columns, Collections.unmodifiableList(rows), lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String[] split(String line, char delimiter, String name, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0, n = line.length();
        while (true) {
            field.setLength(0);
            while (i < n && line.charAt(i) == ' ') i++;
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n)
                        throw new IllegalArgumentException(name + " line " + lineNo + ", column " + fields.size()
                                + ": unterminated quoted field (quoted line breaks are not supported)");
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else break;
                    } else field.append(ch);
                }
                while (i < n && line.charAt(i) == ' ') i++;
                if (i < n && line.charAt(i) != delimiter)
                    throw new IllegalArgumentException(name + " line " + lineNo + ", column " + fields.size()
                            + ": unexpected text after a closing quote");
                fields.add(field.toString());
            } else {
                int start = i;
                while (i < n && line.charAt(i) != delimiter) i++;
                fields.add(line.substring(start, i).strip());
            }
            if (i >= n) break;
            i++; // the delimiter
        }
        return fields.toArray(String[]::new);
    }

    /** The file name given in messages. */
    public String name() {
        return name;
    }

    /** The column names: the header's, or {@code "0"}, {@code "1"}, … */
    public List<String> columns() {
        return columns;
    }

    /** The number of data rows (the header not counted). */
    public int rowCount() {
        return rows.size();
    }

    /** The index of column {@code column}. */
    public int column(String column) {
        int c = columns.indexOf(column);
        if (c < 0) throw new IllegalArgumentException(name + ": no column '" + column + "' (columns: " + columns + ")");
        return c;
    }

    /** The line of the file that row {@code row} came from (1-based). */
    public int line(int row) {
        return lines[checkRow(row)];
    }

    /** The text of one cell. */
    public String cell(int row, int column) {
        if (column < 0 || column >= columns.size())
            throw new IllegalArgumentException(name + ": column " + column + " is out of range for " + columns.size() + " columns");
        return rows.get(checkRow(row))[column];
    }

    private int checkRow(int row) {
        if (row < 0 || row >= rows.size()) throw new IllegalArgumentException(name + ": row " + row + " is out of range for " + rows.size() + " rows");
        return row;
    }

    /** One cell as a number; an error names the file, line and column. */
    public float number(int row, int column) {
        String s = cell(row, column);
        try {
            float v = Float.parseFloat(s);
            if (Float.isNaN(v) && !s.equalsIgnoreCase("nan")) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " line " + line(row) + ", column '" + columns.get(column) + "' (" + column + "): '"
                    + s + "' is not a number", e);
        }
    }

    /** The numbers of {@code columnIndices} in row {@code row}. */
    public float[] numbers(int row, int[] columnIndices) {
        float[] out = new float[columnIndices.length];
        for (int k = 0; k < out.length; k++) out[k] = number(row, columnIndices[k]);
        return out;
    }

    /** All columns except {@code excluded} (by name), as indices in order. */
    public int[] otherColumns(String... excluded) {
        List<Integer> skip = new ArrayList<>();
        for (String e : excluded) skip.add(column(e));
        return java.util.stream.IntStream.range(0, columns.size()).filter(c -> !skip.contains(c)).toArray();
    }

    /** The given columns of every row: float32 {@code (rows, columns)}. */
    public NDArray features(int[] columnIndices) {
        int n = rowCount(), f = columnIndices.length;
        float[] out = new float[n * f];
        for (int r = 0; r < n; r++)
            for (int k = 0; k < f; k++) out[r * f + k] = number(r, columnIndices[k]);
        return HostArrays.f32(out, n, f);
    }

    /** A numeric column as float targets: float32 {@code (rows)}. */
    public NDArray floatLabels(String column) {
        int c = column(column);
        float[] out = new float[rowCount()];
        for (int r = 0; r < out.length; r++) out[r] = number(r, c);
        return HostArrays.f32(out, out.length);
    }

    /** The texts of a column, one per row. */
    public List<String> strings(String column) {
        int c = column(column);
        List<String> out = new ArrayList<>(rowCount());
        for (String[] row : rows) out.add(row[c]);
        return out;
    }

    /**
     * The table as a dataset: every other column a numeric feature, {@code labelColumn} the target,
     * as classes (int64 indices into a vocabulary of the column's distinct values, sorted as
     * numbers when they all are, else as text) when {@code categorical}, else as float32 values.
     */
    public Labeled toLabeled(String labelColumn, boolean categorical) {
        int[] featureColumns = otherColumns(labelColumn);
        NDArray x = features(featureColumns);
        List<String> names = java.util.Arrays.stream(featureColumns).mapToObj(columns::get).toList();
        if (!categorical) return new Labeled(new TensorDataset(x, floatLabels(labelColumn)), names, List.of());
        List<String> labels = strings(labelColumn);
        List<String> vocab = CategoryBlock.sortedVocab(labels);
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int k = 0; k < vocab.size(); k++) index.put(vocab.get(k), k);
        long[] y = new long[labels.size()];
        for (int r = 0; r < y.length; r++) y[r] = index.get(labels.get(r));
        return new Labeled(new TensorDataset(x, HostArrays.i64(y, y.length)), names, vocab);
    }

    /** The rows as items, e.g. for a {@link DataBlock}. */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>(rowCount());
        for (int r = 0; r < rowCount(); r++) out.add(new Row(this, r));
        return Collections.unmodifiableList(out);
    }

    /**
     * One row of a table, as an item.
     *
     * @param table the table
     * @param index the row's index (0 is the first data row)
     */
    public record Row(CsvTable table, int index) {
        /** The text of a cell, by column name. */
        public String get(String column) {
            return table.cell(index, table.column(column));
        }

        /** A cell as a number, by column name; an error names the file, line and column. */
        public float number(String column) {
            return table.number(index, table.column(column));
        }

        /** The numbers of the given columns. */
        public float[] numbers(int[] columnIndices) {
            return table.numbers(index, columnIndices);
        }

        @Override
        public String toString() {
            return table.name() + " line " + table.line(index);
        }
    }

    /**
     * A CSV table as a dataset.
     *
     * @param dataset      features float32 (N, F) and targets (int64 class indices or float32 values)
     * @param featureNames the names of the F feature columns
     * @param vocab        the class names by index; empty for float targets
     */
    public record Labeled(TensorDataset dataset, List<String> featureNames, List<String> vocab) {}

    @Override
    public String toString() {
        return "CsvTable[" + name + ": " + rowCount() + " rows × " + columns.size() + " columns]";
    }
}
