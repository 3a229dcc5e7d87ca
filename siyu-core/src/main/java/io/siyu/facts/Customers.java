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
    private final Map<String, Integer> indexById;
    private final Map<String, Column> attributes;
    private final List<List<PersonRef>> identities;

    public Customers(String[] ids, Map<String, Column> attributes, List<List<PersonRef>> identities) {
        this.ids = ids;
        this.attributes = new LinkedHashMap<>(attributes);
        this.identities = identities;
        this.indexById = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            indexById.put(ids[i], i);
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
        return identities.get(index);
    }
}
