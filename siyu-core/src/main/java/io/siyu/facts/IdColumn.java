package io.siyu.facts;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Unique row ids (order_id, event_id …) kept compactly: the UTF-8 bytes of all ids in one
 * arena and an open-addressing hash index, so ten million ids cost ~150 MB instead of the
 * ~1 GB of a {@code HashMap<String,Integer>}. {@link #add} tells whether an id was new, which
 * is how a repeated row is applied once. A slot holds the id's hash and its row in one long, so
 * a probe is one memory read (at millions of ids each is a cache miss) and compares bytes only on
 * a hash match.
 */
public final class IdColumn {
    private byte[] arena = new byte[1 << 16];
    private int arenaSize;
    private int[] offsets = new int[1024]; // offsets[row] .. offsets[row+1]
    private int size;
    private long[] slots = new long[1 << 12]; // (hash << 32) | (row + 1), 0 = empty
    private int mask = slots.length - 1;

    public int size() {
        return size;
    }

    /**
     * Trims the storage to its contents and drops the hash index (about a third of the memory);
     * the index is rebuilt on the next {@link #add} or {@link #find}. Call when loading is done.
     */
    public void compact() {
        slots = null;
        arena = Arrays.copyOf(arena, arenaSize);
        offsets = Arrays.copyOf(offsets, size + 1);
    }

    private void ensureIndex() {
        if (slots != null) {
            return;
        }
        int capacity = 1 << 12;
        while (capacity - (capacity >> 2) < size + 1) {
            capacity <<= 1;
        }
        slots = new long[capacity];
        mask = capacity - 1;
        for (int row = 0; row < size; row++) {
            int from = offsets[row];
            int hash = hash(arena, from, offsets[row + 1] - from);
            int slot = hash & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = slot(hash, row);
        }
    }

    private static long slot(int hash, int row) {
        return ((long) hash << 32) | (row + 1L);
    }

    /** The slot holding these bytes, or the empty slot where they would go. */
    private int probe(byte[] bytes, int hash) {
        int slot = hash & mask;
        long s;
        while ((s = slots[slot]) != 0) {
            if ((int) (s >>> 32) == hash && equalsAt((int) s - 1, bytes)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Appends the id and returns its row, or {@code -1} if the id is already present. */
    public int add(String id) {
        ensureIndex();
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        int hash = hash(bytes, 0, bytes.length);
        int slot = probe(bytes, hash);
        if (slots[slot] != 0) {
            return -1;
        }
        int row = appendBytes(bytes);
        slots[slot] = slot(hash, row);
        if (size > slots.length - (slots.length >> 2)) { // keep the load factor under 3/4
            rehash();
        }
        return row;
    }

    /** The row of an id, or {@code -1}. */
    public int find(String id) {
        ensureIndex();
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        return (int) slots[probe(bytes, hash(bytes, 0, bytes.length))] - 1; // an empty slot: 0 - 1
    }

    public String get(int row) {
        int from = offsets[row];
        return new String(arena, from, offsets[row + 1] - from, StandardCharsets.UTF_8);
    }

    private int appendBytes(byte[] bytes) {
        if (arenaSize + bytes.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + bytes.length));
        }
        System.arraycopy(bytes, 0, arena, arenaSize, bytes.length);
        arenaSize += bytes.length;
        if (size + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[size + 1] = arenaSize;
        return size++;
    }

    private boolean equalsAt(int row, byte[] bytes) {
        int from = offsets[row];
        int len = offsets[row + 1] - from;
        return len == bytes.length && Arrays.equals(arena, from, from + len, bytes, 0, len);
    }

    private void rehash() {
        long[] bigger = new long[slots.length * 2];
        int newMask = bigger.length - 1;
        for (long s : slots) {
            if (s == 0) {
                continue;
            }
            int slot = (int) (s >>> 32) & newMask;
            while (bigger[slot] != 0) {
                slot = (slot + 1) & newMask;
            }
            bigger[slot] = s;
        }
        slots = bigger;
        mask = newMask;
    }

    private static int hash(byte[] b, int from, int len) {
        int h = 0x9747b28c;
        for (int i = from; i < from + len; i++) {
            h = (h ^ b[i]) * 0x5bd1e995;
            h ^= h >>> 15;
        }
        return h ^ (h >>> 13);
    }
}
