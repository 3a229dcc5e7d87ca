package io.siyu.playbook;

import io.siyu.facts.IdColumn;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What has recently been sent: contacts per customer and channel, the last time each rule reached
 * each customer, and the idempotency keys produced. In memory; a server persists the outcomes
 * and rebuilds the ledger from them on start.
 *
 * <p>Only the {@linkplain #retention() retention} is kept — the longest window any contact policy
 * looks back over (frequency caps, de-duplication) plus two days for occasions keyed by a day or a
 * cron occurrence. Older contacts cannot change a verdict, and an older key can only come back
 * with an occasion that is itself that old; the store's unique key on outcomes refuses it then.
 * Without the bound a running server kept every contact ever (2.5 GB at a million customers).
 *
 * <p>Kept in primitive arrays (keys in an {@link IdColumn} arena, times as seconds and nanos)
 * and updated in place: a live server records thousands of outcomes a second into a ledger that
 * has long since moved to the old generation, and every new object stored into it — a key, an
 * {@code Instant} — made the garbage collector rescan that part of the heap at each young
 * collection.
 */
public final class ContactLedger {
    /** Beyond the policies' own windows: day-keyed and cron-keyed occasions repeat within a day. */
    private static final Duration OCCASION_MARGIN = Duration.ofDays(2);

    private final Duration retention;
    private final Map<String, Times> contacts = new HashMap<>();
    private final Map<String, Times> lastByRule = new HashMap<>();
    private IdColumn keys = new IdColumn();
    private long[] keySeconds = new long[1024];
    private long latestSecond = Long.MIN_VALUE;

    /** A ledger for the default contact policy. */
    public ContactLedger() {
        this(horizon(ContactPolicy.DEFAULT));
    }

    public ContactLedger(Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("a contact ledger's retention must be positive, not " + retention);
        }
        this.retention = retention;
    }

    /** A ledger that keeps what the policies of all these playbooks look back over. */
    public static ContactLedger forPlaybooks(Collection<Playbook> playbooks) {
        Duration longest = horizon(ContactPolicy.DEFAULT);
        for (Playbook p : playbooks) {
            Duration h = horizon(p.policy());
            if (h.compareTo(longest) > 0) {
                longest = h;
            }
        }
        return new ContactLedger(longest);
    }

    private static Duration horizon(ContactPolicy policy) {
        Duration window = policy.window().compareTo(policy.dedupWindow()) >= 0 ? policy.window() : policy.dedupWindow();
        return window.plus(OCCASION_MARGIN);
    }

    /** How far back from the latest recorded outcome this ledger remembers. */
    public Duration retention() {
        return retention;
    }

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
     * so caps and de-duplication survive a restart. Any order: the latest time per rule wins.
     */
    public void recordStored(String key, String customerId, String channel, Instant at, boolean blocked) {
        String unprefixed = key.startsWith(customerId + ":") ? key.substring(customerId.length() + 1) : key;
        String[] parts = unprefixed.split(":", 4);
        String playbook = parts[0].contains("@") ? parts[0].substring(0, parts[0].indexOf('@')) : parts[0];
        String ruleKey = parts.length >= 3 ? playbook + ":" + parts[1] + ":" + parts[2] : key;
        record(key, customerId, channel, ruleKey, at, blocked);
    }

    private void record(String key, String customerId, String channel, String ruleKey, Instant at, boolean blocked) {
        long second = at.getEpochSecond();
        latestSecond = Math.max(latestSecond, second);
        int row = keys.add(key);
        if (row >= 0) {
            if (row == keySeconds.length) {
                keySeconds = Arrays.copyOf(keySeconds, row * 2);
            }
            keySeconds[row] = second;
        }
        if (!blocked) {
            long keepFrom = latestSecond - retention.getSeconds();
            contacts.computeIfAbsent(customerId + "\u0000" + channel, k -> new Times()).add(at, keepFrom);
            lastByRule.computeIfAbsent(customerId + "\u0000" + ruleKey, k -> new Times()).keepLatest(at);
        }
    }

    /** The number of idempotency keys held (for tests and metrics). */
    public int keyCount() {
        return keys.size();
    }

    /**
     * Forgets everything older than the retention before the latest outcome recorded: keys,
     * contacts, and rules whose last contact is that old. A server calls it once a day; between
     * calls only keys accumulate (contacts prune themselves as they are added).
     */
    public void forgetOld() {
        if (latestSecond == Long.MIN_VALUE) {
            return;
        }
        long keepFrom = latestSecond - retention.getSeconds();
        IdColumn kept = new IdColumn();
        long[] keptSeconds = new long[Math.max(1024, keys.size())];
        for (int row = 0; row < keys.size(); row++) {
            if (keySeconds[row] >= keepFrom) {
                keptSeconds[kept.add(keys.get(row))] = keySeconds[row];
            }
        }
        keys = kept;
        keySeconds = keptSeconds;
        contacts.values().removeIf(t -> t.dropBefore(keepFrom) == 0);
        lastByRule.values().removeIf(t -> t.dropBefore(keepFrom) == 0);
    }

    /** Instants as epoch seconds and nanos in growable arrays. */
    private static final class Times {
        private long[] seconds = new long[2];
        private int[] nanos = new int[2];
        private int size;

        /** Adds an instant; when full, first drops those before {@code keepFrom} (epoch seconds) to make room. */
        void add(Instant at, long keepFrom) {
            if (size == seconds.length && dropBefore(keepFrom) == seconds.length) {
                seconds = Arrays.copyOf(seconds, size * 2);
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            seconds[size] = at.getEpochSecond();
            nanos[size] = at.getNano();
            size++;
        }

        /** Keeps one instant only: the later of this one and the one kept. */
        void keepLatest(Instant at) {
            long s = at.getEpochSecond();
            int n = at.getNano();
            if (size == 0 || s > seconds[0] || (s == seconds[0] && n > nanos[0])) {
                seconds[0] = s;
                nanos[0] = n;
                size = 1;
            }
        }

        /** Drops the instants before {@code keepFrom} (epoch seconds); returns how many remain. */
        int dropBefore(long keepFrom) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (seconds[i] >= keepFrom) {
                    seconds[kept] = seconds[i];
                    nanos[kept] = nanos[i];
                    kept++;
                }
            }
            size = kept;
            return kept;
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
