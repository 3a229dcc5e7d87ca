package io.siyu.engine;

import io.siyu.facts.Column;
import io.siyu.facts.FactTable;
import io.siyu.facts.StringColumn;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a fact row just added to a customer's table can change an aggregate over that table —
 * a trait group, a points plan, a stage. Only a row inside the aggregate's time window whose
 * fields have the values its filter requires can (as of a fixed instant, an aggregate is a function
 * of the rows that pass); any other row leaves the aggregate as it was, so the live engine skips
 * recomputing it. Gates are read off the model once ({@code type == 'store_visit'},
 * {@code type in [...]}, event types a stage or points rule names); a filter they cannot read
 * admits every row in the window.
 */
@FunctionalInterface
interface RowGate {
    boolean admits(FactTable table, int row);

    /** Rows timed in (after, asOf] whose fields each have one of the required values. */
    static RowGate of(long after, long asOf, Map<String, Set<String>> required) {
        String[] fields = required.keySet().toArray(String[]::new);
        @SuppressWarnings("unchecked")
        Set<String>[] allowed = new Set[fields.length];
        for (int i = 0; i < fields.length; i++) {
            allowed[i] = Set.copyOf(required.get(fields[i]));
        }
        return (table, row) -> {
            long t = table.times()[row];
            if (t <= after || t > asOf) {
                return false;
            }
            for (int i = 0; i < fields.length; i++) {
                String value = text(table.column(fields[i]), row);
                if (value == null || !allowed[i].contains(value)) { // null passes no equality
                    return false;
                }
            }
            return true;
        };
    }

    /** Rows any of {@code gates} admits. */
    static RowGate anyOf(List<RowGate> gates) {
        RowGate[] all = gates.toArray(RowGate[]::new);
        return (table, row) -> {
            for (RowGate g : all) {
                if (g.admits(table, row)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A field's value as the filter reads a string (null when absent): the same text a coercion to string gives. */
    private static String text(Column column, int row) {
        if (column == null || row >= column.size() || column.isNull(row)) {
            return null;
        }
        return column instanceof StringColumn s ? s.get(row) : column.format(row);
    }
}
