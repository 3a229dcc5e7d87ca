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
    private final String[] ids;
    private final boolean idsSorted;
    private final Map<String, Integer> indexById;
    private final Map<String, Column> attributes;
    /** Only customers known by more than their own customer_id: most have nothing else. */
    private final Map<Integer, List<PersonRef>> extraIdentities = new HashMap<>();

    public Customers(String[] ids, Map<String, Column> attributes, List<List<PersonRef>> identities) {
        this.ids = ids;
        this.attributes = new LinkedHashMap<>(attributes);
        boolean sorted = true;
        for (int i = 1; i < ids.length && sorted; i++) {
            sorted = ids[i - 1].compareTo(ids[i]) < 0;
        }
        this.idsSorted = sorted;
        // survivor ids come in sorted order, so a binary search replaces a million-entry hash map
        this.indexById = sorted ? null : new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (!sorted) {
                indexById.put(ids[i], i);
            }
            List<PersonRef> refs = identities.get(i);
            if (!(refs.size() == 1 && refs.get(0).equals(PersonRef.customer(ids[i])))) {
                extraIdentities.put(i, List.copyOf(refs));
            }
        }
    }

    public int size() {
        return ids.length;
    }

    public String id(int index) {
        return ids[index];
    }

    /** The index of a survivor id, or -1. */
    public int indexOf(String customerId) {
        if (idsSorted) {
            int i = java.util.Arrays.binarySearch(ids, customerId);
            return i >= 0 ? i : -1;
        }
        Integer i = indexById.get(customerId);
        return i == null ? -1 : i;
    }

    public Map<String, Column> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public Column attribute(String name) {
        return attributes.get(name);
    }

    /** Every identifier unified into this customer, customer_id first. */
    public List<PersonRef> identities(int index) {
        List<PersonRef> extra = extraIdentities.get(index);
        return extra != null ? extra : List.of(PersonRef.customer(ids[index]));
    }
}
