package io.siyu.facts;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;

/** Instants as epoch seconds; {@link #NULL} is null. */
public final class TimeColumn implements Column {
    public static final long NULL = Long.MIN_VALUE;

    private final String name;
    private final ZoneId zone;
    private long[] values;
    private int size;

    public TimeColumn(String name, ZoneId zone, int capacity) {
        this.name = name;
        this.zone = zone;
        this.values = new long[Math.max(16, capacity)];
    }

    public void append(long epochSecond) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length + (values.length >> 1) + 16);
        }
        values[size++] = epochSecond;
    }

    @Override
    public void appendText(String text, ZoneId zone) {
        append(text == null || text.isBlank() ? NULL : Timestamps.parse(text, zone));
    }

    public long get(int row) {
        return values[row];
    }

    public long[] values() {
        return values;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.TIME;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isNull(int row) {
        return values[row] == NULL;
    }

    @Override
    public String format(int row) {
        long v = values[row];
        return v == NULL ? "" : Instant.ofEpochSecond(v).atZone(zone).toOffsetDateTime().toString();
    }

    @Override
    public void reorder(int[] order) {
        values = Gather.longs(values, order);
        size = order.length;
    }

    @Override
    public TimeColumn copyRows(int[] rows) {
        TimeColumn out = new TimeColumn(name, zone, rows.length + 4);
        for (int r : rows) {
            out.append(values[r]);
        }
        return out;
    }

    public void set(int row, long epochSecond) {
        values[row] = epochSecond;
    }
}
