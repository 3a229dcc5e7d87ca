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
        record(outcome.key(), outcome.customerId(), channel, ruleKey, at, outcome instanceof Outcome.Blocked);
    }

    /**
     * Records an outcome read back from storage (key {@code playbook@version:rule:action:customer:fact}),
     * so caps and de-duplication survive a restart.
     */
    public void recordStored(String key, String customerId, String channel, Instant at, boolean blocked) {
        String[] parts = key.split(":", 4);
        String playbook = parts[0].contains("@") ? parts[0].substring(0, parts[0].indexOf('@')) : parts[0];
        String ruleKey = parts.length >= 3 ? playbook + ":" + parts[1] + ":" + parts[2] : key;
        record(key, customerId, channel, ruleKey, at, blocked);
    }

    private void record(String key, String customerId, String channel, String ruleKey, Instant at, boolean blocked) {
        keys.add(key);
        if (!blocked) {
            contacts.computeIfAbsent(customerId + "\u0000" + channel, k -> new ArrayList<>()).add(at);
            lastByRule.put(customerId + "\u0000" + ruleKey, at);
        }
    }
}
