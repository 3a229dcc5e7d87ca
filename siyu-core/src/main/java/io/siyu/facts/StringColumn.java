package io.siyu.facts;

import java.time.ZoneId;
import java.util.Arrays;

/**
 * Strings dictionary-encoded as {@code int} codes; code {@code -1} is null. A column that has only
 * nulls so far holds no array at all (optional fields such as table_id are often absent).
 */
public final class StringColumn implements Column {
    private final String name;
    private final Dictionary dictionary;
    private int[] codes;
    private int size;

    public StringColumn(String name, int capacity) {
        this(name, new Dictionary(), capacity);
    }

    public StringColumn(String name, Dictionary dictionary, int capacity) {
        this.name = name;
        this.dictionary = dictionary;
        this.codes = null;
    }


    public void append(String value) {
        appendCode(value == null ? -1 : dictionary.encode(value));
    }

    public void appendCode(int code) {
        if (codes == null) {
            if (code < 0) {
                size++;
                return;
            }
            codes = new int[size + 16];
            Arrays.fill(codes, 0, size, -1);
        }
        if (size == codes.length) {
            codes = Arrays.copyOf(codes, codes.length + (codes.length >> 1) + 16);
        }
        codes[size++] = code;
    }

    private int[] materialized() {
        if (codes == null) {
            codes = new int[Math.max(16, size)];
            Arrays.fill(codes, -1);
        }
        return codes;
    }

    @Override
    public void appendText(String text, ZoneId zone) {
        append(text == null || text.isEmpty() ? null : text);
    }

    public String get(int row) {
        int code = codes == null ? -1 : codes[row];
        return code < 0 ? null : dictionary.decode(code);
    }

    public int code(int row) {
        return codes == null ? -1 : codes[row];
    }

    /** The codes array (allocated now if the column has held only nulls). */
    public int[] codes() {
        return materialized();
    }

    public Dictionary dictionary() {
        return dictionary;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.STRING;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isNull(int row) {
        return codes == null || codes[row] < 0;
    }

    @Override
    public String format(int row) {
        String s = get(row);
        return s == null ? "" : s;
    }

    @Override
    public void reorder(int[] order) {
        if (codes != null) {
            codes = Gather.ints(codes, order);
        }
        size = order.length;
    }

    @Override
    public StringColumn copyRows(int[] rows) {
        StringColumn out = new StringColumn(name, dictionary, rows.length + 4);
        for (int r : rows) {
            out.appendCode(code(r));
        }
        return out;
    }

    /** Overwrites one row's value (null allowed). */
    public void set(int row, String value) {
        materialized()[row] = value == null ? -1 : dictionary.encode(value);
    }
}
