package io.siyu.ingest;

import java.util.Arrays;
import java.util.Map;

/** One input record aligned to its file's {@link Header}, reused from row to row. */
final class Row {
    String[] values = new String[16];
    int[] columns = new int[16];
    long line;
    /** The {@code properties} object of a JSON Lines event, already flattened, or null. */
    Map<String, String> jsonProperties;

    void reset(int headerSize) {
        if (values.length < headerSize) {
            values = new String[headerSize * 2];
            columns = new int[headerSize * 2];
        } else {
            Arrays.fill(values, 0, headerSize, null);
            Arrays.fill(columns, 0, headerSize, 0);
        }
        jsonProperties = null;
    }

    void set(int index, String value, int column) {
        if (index >= values.length) {
            values = Arrays.copyOf(values, Math.max(index + 1, values.length * 2));
            columns = Arrays.copyOf(columns, values.length);
        }
        values[index] = value;
        columns[index] = column;
    }

    /** The raw value at a header index, or null when absent. */
    String raw(int index) {
        return index < 0 || index >= values.length ? null : values[index];
    }

    /** The value stripped of surrounding blanks, or null when absent or blank. */
    String value(int index) {
        String v = raw(index);
        if (v == null || v.isEmpty()) {
            return null;
        }
        char first = v.charAt(0);
        char last = v.charAt(v.length() - 1);
        if (first <= ' ' || last <= ' ' || Character.isWhitespace(first) || Character.isWhitespace(last)) {
            v = v.strip();
            return v.isEmpty() ? null : v;
        }
        return v;
    }

    /** 1-based column of the value at a header index, or 0 when unknown. */
    int column(int index) {
        return index < 0 || index >= columns.length ? 0 : columns[index];
    }
}
