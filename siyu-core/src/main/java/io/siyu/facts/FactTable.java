package io.siyu.facts;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One kind of fact (orders, order_items, events, messages) as columns: the owning customer
 * (an index into {@link Customers}), the fact's instant (epoch seconds) and named value columns.
 * Row order is load order; {@link #rowsOf(int)} gives one customer's rows for explanations.
 */
public final class FactTable {
    private final String name;
    private int[] customer;
    private long[] time;
    private int size;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private int[] customerOffsets; // built lazily: rows of customer c are byCustomer[offsets[c] .. offsets[c+1])
    private int[] byCustomer;
    private IdColumn ids;
    private int[] idOfRow; // after sorting: the IdColumn index of each row; null while rows are in load order
    private boolean sortedByCustomer;

    public FactTable(String name, int capacity) {
        this.name = name;
        this.customer = new int[Math.max(16, capacity)];
        this.time = new long[Math.max(16, capacity)];
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    /** Appends a row's customer and instant; the caller then appends one value to every column. */
    public int appendRow(int customerIndex, long epochSecond) {
        if (size == customer.length) {
            int n = customer.length + (customer.length >> 1) + 16;
            customer = Arrays.copyOf(customer, n);
            time = Arrays.copyOf(time, n);
        }
        customer[size] = customerIndex;
        time[size] = epochSecond;
        if (idOfRow != null) {
            // rows appended after a sort: their ids were just added, at the end of the id column
            if (idOfRow.length < customer.length) { // grown with the rows, not copied on every append
                idOfRow = java.util.Arrays.copyOf(idOfRow, customer.length);
            }
            idOfRow[size] = ids == null ? -1 : ids.size() - 1;
        }
        customerOffsets = null;
        sortedByCustomer = false;
        return size++;
    }

    /** The id of one row (order_id, event_id, message_id), or null when this kind has no ids. */
    public String id(int row) {
        int index = ids == null ? -1 : idOfRow == null ? row : idOfRow[row];
        return index < 0 ? null : ids.get(index); // -1: a row folded in from a customer's own table, which keeps no id
    }

    /**
     * A new table holding copies of the given rows (all columns, same names and types, ids not
     * carried): one customer's facts, for re-evaluating that customer alone.
     */
    public FactTable copyRows(int[] rows) {
        FactTable out = new FactTable(name, rows.length + 4);
        for (int r : rows) {
            out.appendRow(customer[r], time[r]);
        }
        for (Column c : columns.values()) {
            out.addColumn(c.copyRows(rows));
        }
        return out;
    }

    /**
     * Appends copies of the given rows of another table of the same kind, all as {@code customerIndex}:
     * columns are matched by name (converted when their types differ); a column only {@code from}
     * has is added as text, null for the rows already here. Ids are not carried.
     */
    public void appendRowsOf(FactTable from, int[] rows, int customerIndex, java.time.ZoneId zone) {
        int before = size;
        for (int r : rows) {
            appendRow(customerIndex, from.time[r]);
        }
        addColumnsOnlyIn(from, before, size, zone);
        for (Column to : columns.values()) {
            Column source = from.columns.get(to.name());
            for (int r : rows) {
                appendValue(source, r, to, zone);
            }
        }
    }

    /** Adds, as text, each column only {@code other} has, null for this table's first {@code rows} rows. */
    private void addColumnsOnlyIn(FactTable other, int rows, int capacity, java.time.ZoneId zone) {
        for (Column c : other.columns.values()) {
            if (!columns.containsKey(c.name())) {
                Column added = addColumn(new StringColumn(c.name(), capacity));
                for (int r = 0; r < rows; r++) {
                    added.appendText(null, zone);
                }
            }
        }
    }

    /** The row holding an id, or -1. */
    public int rowOfId(String id) {
        int index = ids == null ? -1 : ids.find(id);
        if (index < 0 || idOfRow == null) {
            return index;
        }
        for (int row = 0; row < size; row++) { // explanations only: a linear scan is fine
            if (idOfRow[row] == index) {
                return row;
            }
        }
        return -1;
    }

    /** All row ids in load order, for de-duplication while loading; read one row's id with {@link #id}. */
    public IdColumn ids() {
        return ids;
    }

    public void setIds(IdColumn ids) {
        this.ids = ids;
    }

    public <C extends Column> C addColumn(C column) {
        columns.put(column.name(), column);
        byIdentity = NO_LOOKUPS; // the name may now stand for another column
        return column;
    }

    public Column column(String columnName) {
        Object[] known = byIdentity;
        for (int i = 0; i < known.length; i += 2) {
            if (known[i] == columnName) {
                return (Column) known[i + 1];
            }
        }
        Column c = columns.get(columnName);
        if (c != null && known.length < 2 * MAX_LOOKUPS) {
            Object[] more = java.util.Arrays.copyOf(known, known.length + 2);
            more[known.length] = columnName;
            more[known.length + 1] = c;
            byIdentity = more;
        }
        return c;
    }

    private static final Object[] NO_LOOKUPS = {};
    private static final int MAX_LOOKUPS = 16;
    /**
     * Columns found before, by the very name object asked with (name, column, name, column, …):
     * engines ask with the same few literals and definition fields for every fact, and hashing
     * them was a tenth of applying one. Copied on write, so a reader on another thread sees a
     * whole array.
     */
    private volatile Object[] byIdentity = NO_LOOKUPS;

    public Map<String, Column> columns() {
        return Collections.unmodifiableMap(columns);
    }

    /** Customer index per row; only the first {@link #size()} entries are meaningful. */
    public int[] customers() {
        return customer;
    }

    /** Epoch seconds per row; only the first {@link #size()} entries are meaningful. */
    public long[] times() {
        return time;
    }

    /** Rewrites every row's customer through the mapping (used once identities are unified). */
    public void remapCustomers(int[] mapping) {
        for (int i = 0; i < size; i++) {
            customer[i] = mapping[customer[i]];
        }
        customerOffsets = null;
        sortedByCustomer = false;
    }

    /** Whether each customer's rows are contiguous (see {@link #sortByCustomer()}). */
    public boolean isSortedByCustomer() {
        return sortedByCustomer;
    }

    /**
     * Reorders the rows by customer, keeping load order within a customer (a stable counting sort).
     * Aggregating over a sorted table writes each customer's state once in sequence instead of
     * jumping around memory, which is several times faster for millions of rows; it also lets
     * evaluation split the rows between threads at customer boundaries.
     */
    public void sortByCustomer() {
        if (customerOffsets == null) {
            indexByCustomer();
        }
        int[] order = byCustomer;
        byCustomer = null; // rows of a sorted table are contiguous: offsets alone locate them
        long[] newTime = new long[size];
        for (int i = 0; i < size; i++) {
            newTime[i] = time[order[i]];
        }
        time = newTime;
        int[] offsets = customerOffsets;
        for (int c = 0; c + 1 < offsets.length; c++) {
            java.util.Arrays.fill(customer, offsets[c], offsets[c + 1], c);
        }
        for (Column c : columns.values()) {
            c.reorder(order);
        }
        if (idOfRow == null) {
            idOfRow = order;
        } else {
            for (int i = 0; i < size; i++) {
                order[i] = idOfRow[order[i]];
            }
            idOfRow = order;
        }
        sortedByCustomer = true;
    }

    /**
     * Replaces every row of some customers by the rows of their own tables ({@code owns[i]} holds
     * all of customer {@code customers[i]}'s rows: what was loaded and what came since), then sorts
     * by customer. Done in place — the arrays grow once, then each column is reordered in turn —
     * so it needs little memory beyond the table itself (a copy of a large table would need as
     * much again). Rows that came from own tables have no id ({@link #id} gives null).
     */
    public void replaceRowsOf(int[] customers, FactTable[] owns, java.time.ZoneId zone) {
        int before = size;
        int extra = 0;
        for (FactTable own : owns) {
            extra += own.size;
        }
        int total = before + extra;
        customer = Arrays.copyOf(customer, Math.max(16, total));
        time = Arrays.copyOf(time, Math.max(16, total));
        if (ids != null && idOfRow == null) {
            idOfRow = new int[total];
            for (int r = 0; r < before; r++) {
                idOfRow[r] = r;
            }
        } else if (ids != null) {
            idOfRow = Arrays.copyOf(idOfRow, total);
        }
        int row = before;
        for (int i = 0; i < owns.length; i++) {
            for (int r = 0; r < owns[i].size; r++, row++) {
                customer[row] = customers[i];
                time[row] = owns[i].time[r];
                if (ids != null) {
                    idOfRow[row] = -1; // no id: growing a large id arena at midnight needs memory a full server lacks
                }
            }
        }
        for (FactTable own : owns) { // a property only live facts had: a text column, null for the loaded rows
            addColumnsOnlyIn(own, before, total, zone);
        }
        for (Column to : columns.values()) {
            for (FactTable own : owns) {
                Column from = own.columns.get(to.name());
                for (int r = 0; r < own.size; r++) {
                    appendValue(from, r, to, zone);
                }
            }
        }
        size = total;
        int highest = maxCustomer(); // over the rows, the new ones included
        for (int c : customers) {
            highest = Math.max(highest, c); // a customer added live may have no row at all: beyond every row's
        }
        boolean[] replaced = new boolean[highest + 1];
        for (int c : customers) {
            replaced[c] = true;
        }
        // the rows kept, by customer (a stable counting sort): one pass over each column does both
        int[] offsets = new int[highest + 2];
        for (int r = 0; r < total; r++) {
            if (r >= before || !replaced[customer[r]]) {
                offsets[customer[r] + 1]++;
            }
        }
        for (int c = 0; c <= highest; c++) {
            offsets[c + 1] += offsets[c];
        }
        int[] rows = new int[offsets[highest + 1]];
        int[] fill = Arrays.copyOf(offsets, highest + 1);
        for (int r = 0; r < total; r++) {
            if (r >= before || !replaced[customer[r]]) {
                rows[fill[customer[r]]++] = r;
            }
        }
        reorder(rows);
        customerOffsets = offsets;
        sortedByCustomer = true;
    }

    private int maxCustomer() {
        int max = -1;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, customer[i]);
        }
        return max;
    }

    /** Keeps only the given rows, in that order. */
    private void reorder(int[] rows) {
        customer = Gather.ints(customer, rows);
        time = Gather.longs(time, rows);
        for (Column c : columns.values()) {
            c.reorder(rows);
        }
        if (idOfRow != null) {
            idOfRow = Gather.ints(idOfRow, rows);
        }
        size = rows.length;
        customerOffsets = null;
        byCustomer = null;
        sortedByCustomer = false;
    }

    /** Appends one value, typed where the column types agree (null when {@code from} is absent). */
    private static void appendValue(Column from, int row, Column to, java.time.ZoneId zone) {
        if (from == null) {
            to.appendText(null, zone);
        } else if (from instanceof NumberColumn n && to instanceof NumberColumn out) {
            out.append(n.get(row));
        } else if (from instanceof TimeColumn t && to instanceof TimeColumn out) {
            out.append(t.get(row));
        } else if (from instanceof StringColumn str && to instanceof StringColumn out) {
            if (str.dictionary() == out.dictionary()) {
                out.appendCode(str.code(row));
            } else {
                out.append(str.get(row));
            }
        } else {
            try {
                to.appendText(from.isNull(row) ? null : from.format(row), zone);
            } catch (RuntimeException notConvertible) {
                to.appendText(null, zone);
            }
        }
    }

    /** The first row of each customer in a sorted table: rows of c are [start[c], start[c+1]). */
    public int[] customerStarts() {
        if (customerOffsets == null) {
            indexByCustomer();
        }
        return customerOffsets;
    }

    /** The rows of one customer, in load order. */
    public int[] rowsOf(int customerIndex) {
        if (customerOffsets == null) {
            indexByCustomer();
        }
        if (customerIndex + 1 >= customerOffsets.length) {
            return new int[0];
        }
        int from = customerOffsets[customerIndex];
        int to = customerOffsets[customerIndex + 1];
        if (sortedByCustomer) {
            int[] rows = new int[to - from];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = from + i;
            }
            return rows;
        }
        return Arrays.copyOfRange(byCustomer, from, to);
    }

    private synchronized void indexByCustomer() {
        int max = -1;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, customer[i]);
        }
        int[] offsets = new int[max + 2];
        for (int i = 0; i < size; i++) {
            offsets[customer[i] + 1]++;
        }
        for (int c = 0; c <= max; c++) {
            offsets[c + 1] += offsets[c];
        }
        int[] fill = Arrays.copyOf(offsets, offsets.length);
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) {
            rows[fill[customer[i]]++] = i;
        }
        byCustomer = rows;
        customerOffsets = offsets;
    }
}
