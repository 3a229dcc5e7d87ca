package io.siyu.playbook;

import io.siyu.facts.IdColumn;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;

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
 * <p>Kept in primitive arrays (keys — idempotency keys, customer and channel, customer and rule —
 * in {@link IdColumn} arenas, times as seconds and nanos, each key's contacts chained through
 * shared arrays) and updated in place: a live server records thousands of outcomes a second into a ledger that
 * has long since moved to the old generation, and every new object stored into it — a key, an
 * {@code Instant} — made the garbage collector rescan that part of the heap at each young
 * collection.
 */
public final class ContactLedger {
    /** Beyond the policies' own windows: day-keyed and cron-keyed occasions repeat within a day. */
    private static final Duration OCCASION_MARGIN = Duration.ofDays(2);

    private final Duration retention;
    private Contacts contacts = new Contacts();
    private LastContacts lastByRule = new LastContacts();
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
        return contacts.countSince(customer + "\u0000" + channel, since);
    }

    Instant lastTime(String customer, String ruleKey) {
        return lastByRule.get(customer + "\u0000" + ruleKey);
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
        String unprefixed = OutcomeKey.originalForm(key, customerId);
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
            contacts.add(customerId + "\u0000" + channel, at, latestSecond - retention.getSeconds());
            lastByRule.keepLatest(customerId + "\u0000" + ruleKey, at);
        }
    }

    /** The number of idempotency keys held (for tests and metrics). */
    public int keyCount() {
        return keys.size();
    }

    /**
     * Forgets everything older than the retention before the latest outcome recorded: keys,
     * contacts, and rules whose last contact is that old. A server calls it once a day; between
     * calls the day's keys accumulate, and contacts are unlinked from their key as they expire
     * (the arrays they took are reclaimed here).
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
        contacts = contacts.since(keepFrom);
        lastByRule = lastByRule.since(keepFrom);
    }

    /** An instant as epoch seconds and nanos is at or after {@code since}. */
    private static boolean atOrAfter(long seconds, int nanos, Instant since) {
        return seconds > since.getEpochSecond() || (seconds == since.getEpochSecond() && nanos >= since.getNano());
    }

    /**
     * The contacts of each key (customer and channel): one chain per key through shared arrays,
     * newest recorded first. The arrays only grow between {@link #since} calls (once a day).
     */
    private static final class Contacts {
        private final IdColumn keys = new IdColumn();
        private int[] head = new int[1024];
        private long[] seconds = new long[1024];
        private int[] nanos = new int[1024];
        private int[] next = new int[1024];
        private int size;

        /** Adds a contact, unlinking the key's contacts before {@code keepFrom} (epoch seconds): they cannot change a verdict. */
        void add(String key, Instant at, long keepFrom) {
            int k = add(key, at.getEpochSecond(), at.getNano());
            for (int i = head[k], previous = -1; i >= 0; i = next[i]) {
                if (seconds[i] < keepFrom) {
                    if (previous < 0) {
                        head[k] = next[i];
                    } else {
                        next[previous] = next[i];
                    }
                } else {
                    previous = i;
                }
            }
        }

        /** Adds a contact; returns its key's number. */
        private int add(String key, long second, int nano) {
            int k = keys.find(key); // a known key costs one probe; only a new one is probed again to add it
            if (k < 0) {
                k = keys.add(key);
                if (k == head.length) {
                    head = Arrays.copyOf(head, k * 2);
                }
                head[k] = -1;
            }
            if (size == seconds.length) {
                seconds = Arrays.copyOf(seconds, size * 2);
                nanos = Arrays.copyOf(nanos, size * 2);
                next = Arrays.copyOf(next, size * 2);
            }
            seconds[size] = second;
            nanos[size] = nano;
            next[size] = head[k];
            head[k] = size++;
            return k;
        }

        int countSince(String key, Instant since) {
            int k = keys.find(key);
            int count = 0;
            for (int i = k < 0 ? -1 : head[k]; i >= 0; i = next[i]) {
                if (atOrAfter(seconds[i], nanos[i], since)) {
                    count++;
                }
            }
            return count;
        }

        /** A copy without the contacts before {@code keepFrom} (epoch seconds), nor keys left with none. */
        Contacts since(long keepFrom) {
            Contacts kept = new Contacts();
            for (int k = 0; k < keys.size(); k++) {
                // oldest first, so each kept chain stays newest first
                int n = 0;
                int[] chain = new int[4];
                for (int i = head[k]; i >= 0; i = next[i]) {
                    if (seconds[i] >= keepFrom) {
                        if (n == chain.length) {
                            chain = Arrays.copyOf(chain, n * 2);
                        }
                        chain[n++] = i;
                    }
                }
                if (n > 0) {
                    String key = keys.get(k);
                    for (int j = n - 1; j >= 0; j--) {
                        kept.add(key, seconds[chain[j]], nanos[chain[j]]);
                    }
                }
            }
            return kept;
        }
    }

    /** The latest contact of each key (customer and rule). */
    private static final class LastContacts {
        private final IdColumn keys = new IdColumn();
        private long[] seconds = new long[1024];
        private int[] nanos = new int[1024];

        /** Keeps the later of this contact and the one kept for the key. */
        void keepLatest(String key, Instant at) {
            keepLatest(key, at.getEpochSecond(), at.getNano());
        }

        private void keepLatest(String key, long second, int nano) {
            int k = keys.find(key);
            if (k < 0) {
                k = keys.add(key);
                if (k == seconds.length) {
                    seconds = Arrays.copyOf(seconds, k * 2);
                    nanos = Arrays.copyOf(nanos, k * 2);
                }
            } else {
                if (second < seconds[k] || (second == seconds[k] && nano <= nanos[k])) {
                    return;
                }
            }
            seconds[k] = second;
            nanos[k] = nano;
        }

        Instant get(String key) {
            int k = keys.find(key);
            return k < 0 ? null : Instant.ofEpochSecond(seconds[k], nanos[k]);
        }

        /** A copy without the keys whose latest contact is before {@code keepFrom} (epoch seconds). */
        LastContacts since(long keepFrom) {
            LastContacts kept = new LastContacts();
            for (int k = 0; k < keys.size(); k++) {
                if (seconds[k] >= keepFrom) {
                    kept.keepLatest(keys.get(k), seconds[k], nanos[k]);
                }
            }
            return kept;
        }
    }
}
