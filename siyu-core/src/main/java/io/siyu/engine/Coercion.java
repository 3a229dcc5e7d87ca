package io.siyu.engine;

import io.siyu.facts.Column;
import io.siyu.facts.ColumnType;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.StringColumn;
import io.siyu.facts.TimeColumn;
import io.siyu.facts.Timestamps;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Brings a data column to the type the model declared for it. Data files carry text, so an
 * attribute the model calls a number may arrive as strings; values that do not convert become
 * null rather than failing the run. A column the data lacks becomes all nulls.
 *
 * @return a {@link Column}, or {@link Flags} for {@code bool}
 */
final class Coercion {
    private Coercion() {}

    /** How a text value reads as a bool: true, 1, yes, y, 是 (any case) are true. */
    static boolean truthy(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("y") || s.equals("是");
    }

    static Object to(Column column, ColumnType type, String name, int size, ZoneId zone) {
        if (type == ColumnType.BOOL) {
            boolean[] values = new boolean[size];
            for (int i = 0; column != null && i < Math.min(size, column.size()); i++) {
                values[i] = truthy(column.format(i));
            }
            return new Flags(name, values);
        }
        if (column != null && column.type() == type) {
            return column;
        }
        switch (type) {
            case NUMBER: {
                double[] out = new double[size];
                for (int i = 0; i < size; i++) {
                    out[i] = Double.NaN;
                    if (column != null && i < column.size() && !column.isNull(i)) {
                        try {
                            out[i] = column instanceof TimeColumn t ? t.get(i) : Double.parseDouble(column.format(i).strip());
                        } catch (NumberFormatException e) {
                            out[i] = Double.NaN;
                        }
                    }
                }
                return new NumberColumn(name, out);
            }
            case TIME: {
                TimeColumn out = new TimeColumn(name, zone, size);
                for (int i = 0; i < size; i++) {
                    long v = TimeColumn.NULL;
                    if (column != null && i < column.size() && !column.isNull(i)) {
                        try {
                            v = Timestamps.parse(column.format(i), zone);
                        } catch (RuntimeException e) {
                            v = TimeColumn.NULL;
                        }
                    }
                    out.append(v);
                }
                return out;
            }
            default: {
                StringColumn out = new StringColumn(name, size);
                for (int i = 0; i < size; i++) {
                    out.append(column != null && i < column.size() && !column.isNull(i) ? column.format(i) : null);
                }
                return out;
            }
        }
    }
}
