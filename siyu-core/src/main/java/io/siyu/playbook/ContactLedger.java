package io.siyu.playbook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What has already been sent: contacts per customer and channel, the last time each rule reached
 * each customer, and every idempotency key produced. In memory; a server persists the outcomes
 * and rebuilds the ledger from them on start.
 */
public final class ContactLedger {
    private final Map<String, List<Instant>> contacts = new HashMap<>();
    private final Map<String, Instant> lastByRule = new HashMap<>();
    private final Set<String> keys = new HashSet<>();

    int contactsSince(String customer, String channel, Instant since) {
        int n = 0;
        for (Instant at : contacts.getOrDefault(customer + "\u0000" + channel, List.of())) {
            if (!at.isBefore(since)) {
                n++;
            }
        }
        return n;
    }

    Instant lastTime(String customer, String ruleKey) {
        return lastByRule.get(customer + "\u0000" + ruleKey);
    }

    boolean seen(String key) {
        return keys.contains(key);
    }

    /** Records an outcome: its key always, a contact only when something was actually sent. */
    public void record(Outcome outcome, String channel, String ruleKey, Instant at) {
        keys.add(outcome.key());
        if (!(outcome instanceof Outcome.Blocked)) {
            contacts.computeIfAbsent(outcome.customerId() + "\u0000" + channel, k -> new ArrayList<>()).add(at);
            lastByRule.put(outcome.customerId() + "\u0000" + ruleKey, at);
        }
    }
}
