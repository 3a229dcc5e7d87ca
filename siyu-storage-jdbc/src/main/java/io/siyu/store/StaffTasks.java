package io.siyu.store;

import io.siyu.facts.IdColumn;
import java.util.Arrays;
import java.util.Set;

/**
 * Each staff member's tasks on SQLite, as sequence numbers in ascending order, so a staff
 * member's task list is read by the sequence index. SQLite keeps no index by staff member (V15):
 * with thousands of staff each new task landed on another page of it, a third of what every
 * commit wrote at a million customers. Read from the table when a store first needs it, like
 * {@link OutcomeChains}; ids in an {@link IdColumn} arena. Readers still filter by staff in SQL,
 * so a number left here by a rolled-back write can hide nothing and show nothing wrong.
 */
final class StaffTasks {
    private final IdColumn staff = new IdColumn();
    private long[][] seqs = new long[64][];
    private int[] counts = new int[64];

    /** Adds one of the staff member's tasks: at the end when stored, in order when the table is read in another. */
    void add(String staffId, long seq) {
        int row = rowOf(staffId);
        if (counts[row] == seqs[row].length) {
            seqs[row] = Arrays.copyOf(seqs[row], counts[row] * 2);
        }
        long[] s = seqs[row];
        int at = counts[row];
        if (at > 0 && s[at - 1] > seq) {
            at = Arrays.binarySearch(s, 0, counts[row], seq);
            at = at < 0 ? -at - 1 : at;
            System.arraycopy(s, at, s, at + 1, counts[row] - at);
        }
        s[at] = seq;
        counts[row]++;
    }

    /** The staff member's tasks, oldest first (a copy). */
    long[] of(String staffId) {
        int row = staff.find(staffId);
        return row < 0 ? new long[0] : Arrays.copyOf(seqs[row], counts[row]);
    }

    /** Moves tasks from one staff member to another (a transfer of their customers): one merge, not an insert per task. */
    void move(String from, String to, Set<Long> moved) {
        int source = staff.find(from);
        if (source < 0 || moved.isEmpty()) {
            return;
        }
        long[] s = seqs[source];
        int kept = 0;
        for (int i = 0; i < counts[source]; i++) {
            if (!moved.contains(s[i])) {
                s[kept++] = s[i];
            }
        }
        counts[source] = kept;
        long[] incoming = moved.stream().mapToLong(Long::longValue).sorted().toArray();
        int target = rowOf(to);
        long[] already = seqs[target];
        int had = counts[target];
        long[] merged = new long[had + incoming.length];
        for (int i = 0, j = 0, k = 0; k < merged.length; k++) {
            merged[k] = j == incoming.length || (i < had && already[i] < incoming[j]) ? already[i++] : incoming[j++];
        }
        seqs[target] = merged;
        counts[target] = merged.length;
    }

    /** The staff member's row, added (with room for a few tasks) when new. */
    private int rowOf(String staffId) {
        int row = staff.find(staffId);
        if (row >= 0) {
            return row;
        }
        row = staff.add(staffId);
        if (row >= seqs.length) {
            seqs = Arrays.copyOf(seqs, seqs.length * 2);
            counts = Arrays.copyOf(counts, counts.length * 2);
        }
        seqs[row] = new long[4];
        return row;
    }
}
