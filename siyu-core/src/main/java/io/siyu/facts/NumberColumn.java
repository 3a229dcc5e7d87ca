package io.siyu.facts;

import java.time.ZoneId;
import java.util.Arrays;

/** Numbers as {@code double}; {@code NaN} is null. */
public final class NumberColumn implements Column {
    private final String name;
    private double[] values;
    private int size;

    public NumberColumn(String name, int capacity) {
        this.name = name;
        this.values = new double[Math.max(16, capacity)];
    }

    public NumberColumn(String name, double[] values) {
        this.name = name;
        this.values = values;
        this.size = values.length;
    }

    public void append(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length + (values.length >> 1) + 16);
        }
        values[size++] = value;
    }

    @Override
    public void appendText(String text, ZoneId zone) {
        append(text == null || text.isBlank() ? Double.NaN : Double.parseDouble(text.strip()));
    }

    public double get(int row) {
        return values[row];
    }

    public void set(int row, double value) {
        values[row] = value;
    }

    /** The backing array; only the first {@link #size()} entries are meaningful. */
    public double[] values() {
        return values;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.NUMBER;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isNull(int row) {
        return Double.isNaN(values[row]);
    }

    @Override
    public String format(int row) {
        return formatNumber(values[row]);
    }

    /** Whole numbers without a decimal point, others with up to 6 significant decimals. */
    public static String formatNumber(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        // six decimals rounded half-up from the shortest decimal form (as %.6f does), trailing zeros dropped;
        // BigDecimal instead of String.format: templates format numbers per message, and Formatter is slow
        String s = new java.math.BigDecimal(Double.toString(v)).setScale(6, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    @Override
    public void reorder(int[] order) {
        values = Gather.doubles(values, order);
        size = order.length;
    }

    @Override
    public NumberColumn copyRows(int[] rows) {
        NumberColumn out = new NumberColumn(name, rows.length + 4);
        for (int r : rows) {
            out.append(values[r]);
        }
        return out;
    }
}
