package io.siyu.identity;

import io.siyu.facts.PersonRef;
import java.util.List;

/**
 * The outcome of {@link IdentityResolver#resolve()}: customers 0..n-1 in survivor id order, the
 * customer of every node, the references unified into each customer (customer_id first, then by
 * kind priority and value) and the conflicts found.
 */
public final class IdentityResolution {
    private final String[] survivors;
    private final int[] nodeToCustomer;
    private final List<List<PersonRef>> identities;
    private final List<IdentityConflict> conflicts;

    IdentityResolution(String[] survivors, int[] nodeToCustomer, List<List<PersonRef>> identities,
                       List<IdentityConflict> conflicts) {
        this.survivors = survivors;
        this.nodeToCustomer = nodeToCustomer;
        this.identities = List.copyOf(identities);
        this.conflicts = List.copyOf(conflicts);
    }

    public int customerCount() {
        return survivors.length;
    }

    public String survivorId(int customer) {
        return survivors[customer];
    }

    /** Survivor ids by customer index (a copy). */
    public String[] survivorIds() {
        return survivors.clone();
    }

    /** The customer index of a node. */
    public int customerOf(int node) {
        return nodeToCustomer[node];
    }

    /** Customer index per node; the array is shared, do not modify. */
    public int[] nodeToCustomer() {
        return nodeToCustomer;
    }

    public List<PersonRef> identities(int customer) {
        return identities.get(customer);
    }

    public List<List<PersonRef>> identities() {
        return identities;
    }

    public List<IdentityConflict> conflicts() {
        return conflicts;
    }
}
