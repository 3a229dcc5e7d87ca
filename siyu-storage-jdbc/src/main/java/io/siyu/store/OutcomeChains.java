package io.siyu.store;

import io.siyu.facts.IdColumn;
import java.util.Arrays;

/**
 * Each customer's latest outcome on SQLite, by sequence number: every outcome row names the one
 * before it for the same customer ({@code outcomes.customer_prev}, V14), so a customer's outcomes
 * are read newest first, one sequence-index lookup each. SQLite keeps no index by customer — it
 * put every outcome on a random page — and outcome keys start with the occasion's time, not the
 * customer. Rebuilt from the table when a store first needs it; ids in an {@link IdColumn} arena,
 * so a million customers cost tens of megabytes, not a map's hundreds.
 */
final class OutcomeChains {
    static final long NONE = 0; // outcome sequence numbers start at 1

    private final IdColumn customers = new IdColumn();
    private long[] latest = new long[1024];

    /** The sequence number of the customer's latest outcome, or {@link #NONE}. */
    long latest(String customerId) {
        int row = customers.find(customerId);
        return row < 0 ? NONE : latest[row];
    }

    /**
     * Makes {@code seq} the customer's latest outcome and returns the one it follows ({@link #NONE}
     * for the first): one hash look-up per outcome stored, not two.
     */
    long link(String customerId, long seq) {
        int row = customers.find(customerId);
        if (row < 0) {
            extend(customerId, seq);
            return NONE;
        }
        long before = latest[row];
        latest[row] = seq;
        return before;
    }

    /** Makes {@code seq} the customer's latest outcome. */
    void extend(String customerId, long seq) {
        int row = customers.find(customerId);
        if (row < 0) {
            row = customers.add(customerId);
            if (row >= latest.length) {
                latest = Arrays.copyOf(latest, latest.length * 2);
            }
        }
        latest[row] = seq;
    }
}
