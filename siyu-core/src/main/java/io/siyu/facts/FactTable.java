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
        customerOffsets = null;
        return size++;
    }

    /** Row ids (order_id, event_id, message_id) when the fact kind has them, else null. */
    public IdColumn ids() {
        return ids;
    }

    public void setIds(IdColumn ids) {
        this.ids = ids;
    }

    public <C extends Column> C addColumn(C column) {
        columns.put(column.name(), column);
        return column;
    }

    public Column column(String columnName) {
        return columns.get(columnName);
    }

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
    }

    /** The rows of one customer, in load order. */
    public int[] rowsOf(int customerIndex) {
        if (customerOffsets == null) {
            indexByCustomer();
        }
        if (customerIndex + 1 >= customerOffsets.length) {
            return new int[0];
        }
        return Arrays.copyOfRange(byCustomer, customerOffsets[customerIndex], customerOffsets[customerIndex + 1]);
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
