package io.siyu.store;

import io.siyu.facts.IdColumn;
import java.util.Arrays;
import java.util.Set;

/**
 * Each staff member's tasks on SQLite, as sequence numbers in the order stored, so a staff
 * member's task list is read by the sequence index. SQLite keeps no index by staff member (V15):
 * with thousands of staff each new task landed on another page of it, a third of what every
 * commit wrote at a million customers. Read from the table when a store first needs it, like
 * {@link OutcomeChains}; ids in an {@link IdColumn} arena.
 */
final class StaffTasks {
    private static final long[] NONE = new long[0];

    private final IdColumn staff = new IdColumn();
    private long[][] seqs = new long[64][];
    private int[] counts = new int[64];

    /** Adds a task stored after every one this staff member has. */
    void add(String staffId, long seq) {
        int row = staff.find(staffId);
        if (row < 0) {
            row = staff.add(staffId);
            if (row >= seqs.length) {
                seqs = Arrays.copyOf(seqs, seqs.length * 2);
                counts = Arrays.copyOf(counts, counts.length * 2);
            }
            seqs[row] = new long[4];
        }
        if (counts[row] == seqs[row].length) {
            seqs[row] = Arrays.copyOf(seqs[row], counts[row] * 2);
        }
        if (counts[row] > 0 && seqs[row][counts[row] - 1] > seq) {
            insertInOrder(row, seq); // only while loading a table read in no particular order, or a transfer
            return;
        }
        seqs[row][counts[row]++] = seq;
    }

    private void insertInOrder(int row, long seq) {
        long[] s = seqs[row];
        int at = Arrays.binarySearch(s, 0, counts[row], seq);
        at = at < 0 ? -at - 1 : at;
        System.arraycopy(s, at, s, at + 1, counts[row] - at);
        s[at] = seq;
        counts[row]++;
    }

    /** The staff member's tasks, oldest first (a copy). */
    long[] of(String staffId) {
        int row = staff.find(staffId);
        return row < 0 ? NONE : Arrays.copyOf(seqs[row], counts[row]);
    }

    /** Moves tasks from one staff member to another (a transfer of their customers). */
    void move(String from, String to, Set<Long> moved) {
        int row = staff.find(from);
        if (row < 0 || moved.isEmpty()) {
            return;
        }
        long[] s = seqs[row];
        int kept = 0;
        for (int i = 0; i < counts[row]; i++) {
            if (!moved.contains(s[i])) {
                s[kept++] = s[i];
            }
        }
        counts[row] = kept;
        long[] incoming = moved.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] already = of(to);
        long[] merged = new long[already.length + incoming.length];
        for (int i = 0, j = 0, k = 0; k < merged.length; k++) {
            merged[k] = j == incoming.length || (i < already.length && already[i] < incoming[j]) ? already[i++] : incoming[j++];
        }
        int target = staff.find(to);
        if (target < 0) {
            add(to, merged[0]);
            target = staff.find(to);
        }
        seqs[target] = merged.length == 0 ? new long[4] : merged;
        counts[target] = merged.length;
    }
}
