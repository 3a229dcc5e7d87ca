package io.siyu.facts;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unified customers: index {@code i} is one person after identity unification, with its
 * survivor id, its attribute columns (from customers.csv) and every identifier that joined it.
 */
public final class Customers {
    private String[] ids;
    private int size;
    private boolean idsSorted;
    /** Customer id → index, whether the ids are sorted or not. */
    private final IdIndex indexById;
    private final Map<String, Column> attributes;
    /** The identifiers of customers known by more than their own customer_id (most have nothing else), as loaded or added. */
    private final IdentityLists loadedIdentities = new IdentityLists();
    /** Identifiers linked to a customer after they were loaded or added (few: links arrive one at a time). */
    private final Map<Integer, List<PersonRef>> linkedIdentities = new HashMap<>();

    public Customers(String[] ids, Map<String, Column> attributes, List<List<PersonRef>> identities) {
        this.ids = ids;
        this.size = ids.length;
        this.attributes = new LinkedHashMap<>(attributes);
        boolean sorted = true;
        for (int i = 1; i < ids.length && sorted; i++) {
            sorted = ids[i - 1].compareTo(ids[i]) < 0;
        }
        this.idsSorted = sorted;
        this.indexById = new IdIndex(ids, ids.length);
        for (int i = 0; i < ids.length; i++) {
            loadedIdentities.add(onlyTheirOwnId(ids[i], identities.get(i)) ? List.of() : identities.get(i));
        }
        loadedIdentities.trim();
    }

    private static boolean onlyTheirOwnId(String customerId, List<PersonRef> refs) {
        return refs.size() == 1 && refs.get(0).kind() == IdentityKind.CUSTOMER_ID && refs.get(0).value().equals(customerId);
    }

    public int size() {
        return size;
    }

    /**
     * Adds a customer who arrived after loading (the live path): their id, attribute values (appended
     * to every attribute column, typed as the column is; an attribute no loaded customer had gets a
     * text column, null for the others) and identities ({@code refs}: identity fields among the
     * values are not attributes, as when the data set is built). Returns their index, the new last one.
     */
    public int append(String customerId, Map<String, String> values, List<PersonRef> refs, java.time.ZoneId zone) {
        int index = size;
        if (index == ids.length) {
            ids = java.util.Arrays.copyOf(ids, index + (index >> 1) + 16);
        }
        ids[index] = customerId;
        size++;
        if (idsSorted && index > 0 && ids[index - 1].compareTo(customerId) >= 0) {
            idsSorted = false; // out of order now: ranks by id are computed when needed (inIdOrder)
        }
        indexById.add(ids, index);
        values = attributesOnly(values);
        addTextColumns(values, index);
        for (Map.Entry<String, Column> a : attributes.entrySet()) {
            String v = values.get(a.getKey());
            Column c = a.getValue();
            while (c.size() < index) {
                c.appendText(null, zone);
            }
            try {
                c.appendText(v == null || v.isBlank() ? null : v, zone);
            } catch (RuntimeException e) {
                c.appendText(null, zone); // a value the column's type cannot take is null, as on load
            }
        }
        loadedIdentities.add(onlyTheirOwnId(customerId, refs) ? List.of() : refs);
        return index;
    }

    /** Each customer's position in customer-id order; built when first needed after an out-of-order append. */
    private int[] rankById;

    /**
     * {@code rows} (customer indexes in ascending order) reordered by customer id, so that a
     * stable sort by value breaks ties by customer id — as it does in a batch run, where indexes
     * follow id order. The same array when indexes already follow id order.
     */
    public int[] inIdOrder(int[] rows) {
        if (idsSorted) {
            return rows;
        }
        if (rankById == null || rankById.length != size) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> ids[a].compareTo(ids[b]));
            int[] rank = new int[size];
            for (int r = 0; r < size; r++) {
                rank[order[r]] = r;
            }
            rankById = rank;
        }
        long[] keys = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            keys[i] = ((long) rankById[rows[i]] << 32) | rows[i];
        }
        java.util.Arrays.sort(keys);
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = (int) keys[i];
        }
        return out;
    }

    /**
     * Sets a loaded customer's attributes to {@code values} (every attribute they have: one not
     * named becomes null), each read as on load — a value its column's type cannot take is null;
     * an attribute new to the data gets a text column.
     */
    public void update(int index, Map<String, String> values, java.time.ZoneId zone) {
        values = attributesOnly(values);
        addTextColumns(values, size);
        for (Map.Entry<String, Column> a : attributes.entrySet()) {
            String v = values.get(a.getKey());
            setText(a.getValue(), index, v == null || v.isBlank() ? null : v, zone);
        }
    }

    /**
     * The values that are attributes: identities (customer_id, phone, unionid …) unify people
     * through links and are left out, as when the data set is built.
     */
    private static Map<String, String> attributesOnly(Map<String, String> values) {
        Map<String, String> out = new java.util.LinkedHashMap<>(values);
        out.keySet().removeIf(k -> k.equals(IdentityKind.CUSTOMER_ID.column()) || IdentityKind.fromColumn(k).isPresent());
        return out;
    }

    /** A text column, null in its first {@code rows} rows, for each attribute with a value that no customer had so far. */
    private void addTextColumns(Map<String, String> values, int rows) {
        for (Map.Entry<String, String> v : values.entrySet()) {
            if (!attributes.containsKey(v.getKey()) && v.getValue() != null && !v.getValue().isBlank()) {
                StringColumn column = new StringColumn(v.getKey(), rows + 16);
                for (int i = 0; i < rows; i++) {
                    column.appendCode(-1);
                }
                attributes.put(v.getKey(), column);
            }
        }
    }

    /** One value as its column's type reads it from text; a value the type cannot take is null, as on load. */
    private static void setText(Column column, int row, String text, java.time.ZoneId zone) {
        if (column instanceof StringColumn s) {
            s.set(row, text);
            return;
        }
        // typed columns parse through a one-row column of their type: the same reading as appendText
        Column one = column instanceof NumberColumn ? new NumberColumn(column.name(), 1) : new TimeColumn(column.name(), zone, 1);
        boolean read;
        try {
            one.appendText(text, zone);
            read = true;
        } catch (RuntimeException notConvertible) {
            read = false;
        }
        if (column instanceof NumberColumn n) {
            n.set(row, read ? ((NumberColumn) one).get(0) : Double.NaN);
        } else {
            ((TimeColumn) column).set(row, read ? ((TimeColumn) one).get(0) : TimeColumn.NULL);
        }
    }

    /** Adds identities to a loaded customer (a link naming one of theirs and new ones). */
    public void addIdentities(int index, List<PersonRef> refs) {
        java.util.LinkedHashSet<PersonRef> all = new java.util.LinkedHashSet<>(identities(index));
        all.addAll(refs);
        linkedIdentities.put(index, List.copyOf(all));
    }

    public String id(int index) {
        return ids[index];
    }

    /** The index of a survivor id, or -1. */
    public int indexOf(String customerId) {
        return indexById.find(ids, customerId);
    }

    public Map<String, Column> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public Column attribute(String name) {
        return attributes.get(name);
    }

    /** Every identifier unified into this customer, customer_id first. */
    public List<PersonRef> identities(int index) {
        List<PersonRef> linked = linkedIdentities.get(index);
        if (linked != null) {
            return linked;
        }
        return loadedIdentities.count(index) == 0 ? List.of(PersonRef.customer(ids[index])) : loadedIdentities.get(index);
    }
}
