package io.siyu.identity;

import io.siyu.facts.IdentityKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Identity keys ({@code kind:value}) numbered 0, 1, 2 … in first-seen order, stored compactly: the
 * UTF-8 bytes of all values in one arena, the kind per key in a byte array and an open-addressing
 * hash table of key numbers, so millions of keys cost tens of megabytes rather than the hundreds a
 * {@code HashMap<PersonRef,Integer>} would. Not thread-safe, even for lookups (they encode into a
 * shared scratch buffer and remember the last key found).
 */
public final class KeyIndex {
    private static final IdentityKind[] KINDS = IdentityKind.values();

    // key k = arena[offsets[k] .. offsets[k+1]): its kind's ordinal as one byte, then the value's UTF-8
    private byte[] arena = new byte[1 << 16];
    private int arenaSize;
    private int[] offsets = new int[1025];
    private int size;
    // open addressing: (hash << 32) | (key + 1), 0 = empty; the stored hash spares most lookups a
    // visit to the arena
    private long[] slots = new long[1 << 12];
    private int mask = slots.length - 1;
    private byte[] scratch = new byte[64];
    // the last key found, by the identity of its value string: stores sharing this index look a
    // fact's person up one after another, and at millions of keys each search is a few cache misses
    private IdentityKind lastKind;
    private String lastValue;
    private int lastKey;

    public int size() {
        return size;
    }

    /** The number of a key, adding it when new. */
    public int intern(IdentityKind kind, String value) {
        int len = encode(kind, value);
        int h = hash(scratch, 0, len);
        int slot = h & mask;
        long s;
        while ((s = slots[slot]) != 0) {
            if ((int) (s >>> 32) == h) {
                int key = (int) s - 1;
                if (equalsAt(key, len)) {
                    return key;
                }
            }
            slot = (slot + 1) & mask;
        }
        int key = append(len);
        slots[slot] = ((long) h << 32) | (key + 1L);
        if (size * 2 > slots.length) {
            rehash();
        }
        return key;
    }

    /** The number of a key, or -1. */
    public int find(IdentityKind kind, String value) {
        if (value == lastValue && kind == lastKind) {
            return lastKey;
        }
        int key = search(kind, value);
        lastKind = kind;
        lastValue = value;
        lastKey = key;
        return key;
    }

    private int search(IdentityKind kind, String value) {
        int len = encode(kind, value);
        int h = hash(scratch, 0, len);
        int slot = h & mask;
        long s;
        while ((s = slots[slot]) != 0) {
            if ((int) (s >>> 32) == h && equalsAt((int) s - 1, len)) {
                return (int) s - 1;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    IdentityKind kind(int key) {
        return KINDS[arena[offsets[key]]];
    }

    String value(int key) {
        int from = offsets[key] + 1;
        return new String(arena, from, offsets[key + 1] - from, StandardCharsets.UTF_8);
    }

    /** Writes kind byte + UTF-8 value into the scratch buffer (no allocation for ASCII values). */
    private int encode(IdentityKind kind, String value) {
        int n = value.length();
        if (scratch.length < n + 1) {
            scratch = new byte[Math.max(scratch.length * 2, n + 1)];
        }
        scratch[0] = (byte) kind.ordinal();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                if (scratch.length < utf8.length + 1) {
                    scratch = new byte[utf8.length + 1];
                    scratch[0] = (byte) kind.ordinal();
                }
                System.arraycopy(utf8, 0, scratch, 1, utf8.length);
                return utf8.length + 1;
            }
            scratch[i + 1] = (byte) c;
        }
        return n + 1;
    }

    private int append(int len) {
        lastValue = null; // a key remembered as missing may be this one
        if (arenaSize + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + len));
        }
        System.arraycopy(scratch, 0, arena, arenaSize, len);
        arenaSize += len;
        if (size + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[size + 1] = arenaSize;
        return size++;
    }

    private boolean equalsAt(int key, int len) {
        int from = offsets[key];
        return offsets[key + 1] - from == len && Arrays.equals(arena, from, from + len, scratch, 0, len);
    }

    private void rehash() {
        long[] bigger = new long[slots.length * 2];
        int newMask = bigger.length - 1;
        for (long s : slots) {
            if (s != 0) {
                int slot = (int) (s >>> 32) & newMask;
                while (bigger[slot] != 0) {
                    slot = (slot + 1) & newMask;
                }
                bigger[slot] = s;
            }
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
        h ^= h >>> 13;
        h *= 0x9E3779B1;
        return h ^ (h >>> 16);
    }
}
