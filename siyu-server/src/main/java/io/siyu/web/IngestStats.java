package io.siyu.web;

import java.util.Arrays;

/**
 * How ingest keeps up: facts stored and applied since start-up, and for each stored group the
 * time from its facts being durable (a {@code ack=stored} caller's answer) to their tasks and
 * messages being committed — the lag operators watch and the ingest benchmark reports.
 */
final class IngestStats {
    /** Lags of the most recent groups kept for percentiles (a ring). */
    private static final int KEPT = 1 << 16;

    private long storedFacts;
    /** Facts the apply stage has taken from the queue between the stages (applied, or being applied). */
    private long takenFacts;
    private long appliedFacts;
    private final long[] lagNanos = new long[KEPT];
    private final long[] appliedAtMillis = new long[KEPT];
    private long groups;

    synchronized void stored(int facts) {
        storedFacts += facts;
    }

    /** The apply stage took these stored facts to apply them. */
    synchronized void taken(int facts) {
        takenFacts += facts;
    }

    synchronized void applied(int facts, long lag) {
        appliedFacts += facts;
        int slot = (int) (groups++ % KEPT);
        lagNanos[slot] = lag;
        appliedAtMillis[slot] = System.currentTimeMillis();
        notifyAll(); // work that waits for ingest to catch up goes on
    }

    /**
     * Waits until every fact stored before this call is applied (the facts stored meanwhile are
     * not waited for), or {@code maxMillis} have passed; true when they are.
     */
    synchronized boolean awaitAppliedWhatIsStored(long maxMillis) throws InterruptedException {
        long target = storedFacts;
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        while (appliedFacts < target) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return true;
    }

    /**
     * Stored facts waiting for the apply stage to take them; the group being applied does not
     * count. The store stage waits while there are more than its limit (back-pressure: it never
     * runs further ahead of the engines, so the lag and the memory held stay bounded).
     */
    synchronized long queued() {
        return storedFacts - takenFacts;
    }

    /** What {@code GET /api/ingest} shows: counts, and lag percentiles of the groups applied since {@code sinceMillis}. */
    synchronized Snapshot snapshot(long sinceMillis) {
        int kept = (int) Math.min(groups, KEPT);
        long[] lags = new long[kept];
        int n = 0;
        for (int i = 0; i < kept; i++) {
            if (appliedAtMillis[i] >= sinceMillis) {
                lags[n++] = lagNanos[i];
            }
        }
        Arrays.sort(lags, 0, n);
        return new Snapshot(storedFacts, appliedFacts, storedFacts - appliedFacts, n,
                millis(lags, n, 0.50), millis(lags, n, 0.99), n == 0 ? 0 : lags[n - 1] / 1e6);
    }

    private static double millis(long[] sorted, int n, double q) {
        return n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.ceil(q * n) - 1)] / 1e6;
    }

    /** Counts since start-up; lag in milliseconds over {@code groups} groups. */
    record Snapshot(long storedFacts, long appliedFacts, long pendingFacts, int groups, double lagP50Millis,
                    double lagP99Millis, double lagMaxMillis) {}
}
