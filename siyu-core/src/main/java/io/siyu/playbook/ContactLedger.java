package io.siyu.playbook;

import io.siyu.facts.IdColumn;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What has already been sent: contacts per customer and channel, the last time each rule reached
 * each customer, and every idempotency key produced. In memory; a server persists the outcomes
 * and rebuilds the ledger from them on start.
 *
 * <p>Kept in primitive arrays (keys in an {@link IdColumn} arena, times as seconds and nanos)
 * and updated in place: a live server records thousands of outcomes a second into a ledger that
 * has long since moved to the old generation, and every new object stored into it — a key, an
 * {@code Instant} — made the garbage collector rescan that part of the heap at each young
 * collection.
 */
public final class ContactLedger {
    private final Map<String, Times> contacts = new HashMap<>();
    private final Map<String, Times> lastByRule = new HashMap<>();
    private final IdColumn keys = new IdColumn();

    int contactsSince(String customer, String channel, Instant since) {
        Times times = contacts.get(customer + "\u0000" + channel);
        return times == null ? 0 : times.countSince(since);
    }

    Instant lastTime(String customer, String ruleKey) {
        Times last = lastByRule.get(customer + "\u0000" + ruleKey);
        return last == null ? null : last.get(0);
    }

    boolean seen(String key) {
        return keys.find(key) >= 0;
    }

    /** Records an outcome: its key always, a contact only when something was actually sent. */
    public void record(Outcome outcome, String channel, String ruleKey, Instant at) {
        record(outcome.key(), outcome.customerId(), channel, ruleKey, at, outcome instanceof Outcome.Blocked);
    }

    /**
     * Records an outcome read back from storage (key {@code customer:playbook@version:rule:action:customer:fact}),
     * so caps and de-duplication survive a restart.
     */
    public void recordStored(String key, String customerId, String channel, Instant at, boolean blocked) {
        String unprefixed = key.startsWith(customerId + ":") ? key.substring(customerId.length() + 1) : key;
        String[] parts = unprefixed.split(":", 4);
        String playbook = parts[0].contains("@") ? parts[0].substring(0, parts[0].indexOf('@')) : parts[0];
        String ruleKey = parts.length >= 3 ? playbook + ":" + parts[1] + ":" + parts[2] : key;
        record(key, customerId, channel, ruleKey, at, blocked);
    }

    private void record(String key, String customerId, String channel, String ruleKey, Instant at, boolean blocked) {
        keys.add(key);
        if (!blocked) {
            contacts.computeIfAbsent(customerId + "\u0000" + channel, k -> new Times()).add(at);
            lastByRule.computeIfAbsent(customerId + "\u0000" + ruleKey, k -> new Times()).set(at);
        }
    }

    /** Instants as epoch seconds and nanos in growable arrays. */
    private static final class Times {
        private long[] seconds = new long[2];
        private int[] nanos = new int[2];
        private int size;

        void add(Instant at) {
            if (size == seconds.length) {
                seconds = Arrays.copyOf(seconds, size * 2);
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            seconds[size] = at.getEpochSecond();
            nanos[size] = at.getNano();
            size++;
        }

        /** Keeps one instant only: this one. */
        void set(Instant at) {
            seconds[0] = at.getEpochSecond();
            nanos[0] = at.getNano();
            size = 1;
        }

        Instant get(int i) {
            return Instant.ofEpochSecond(seconds[i], nanos[i]);
        }

        int countSince(Instant since) {
            long s = since.getEpochSecond();
            int n = since.getNano();
            int count = 0;
            for (int i = 0; i < size; i++) {
                if (seconds[i] > s || (seconds[i] == s && nanos[i] >= n)) {
                    count++;
                }
            }
            return count;
        }
    }
}
