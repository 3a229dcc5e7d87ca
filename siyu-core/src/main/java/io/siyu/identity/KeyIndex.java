package io.siyu.identity;

import io.siyu.facts.IdentityKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Identity keys ({@code kind:value}) numbered 0, 1, 2 … in first-seen order, stored compactly: the
 * UTF-8 bytes of all values in one arena, the kind per key in a byte array and an open-addressing
 * hash table of key numbers, so millions of keys cost tens of megabytes rather than the hundreds a
 * {@code HashMap<PersonRef,Integer>} would.
 */
final class KeyIndex {
    private static final IdentityKind[] KINDS = IdentityKind.values();

    private byte[] arena = new byte[1 << 16];
    private int arenaSize;
    private int[] offsets = new int[1025]; // value of key k = arena[offsets[k] .. offsets[k+1])
    private byte[] kinds = new byte[1024];
    private int size;
    private int[] slots = new int[1 << 12]; // key + 1, 0 = empty
    private int mask = slots.length - 1;

    int size() {
        return size;
    }

    /** The number of a key, adding it when new. */
    int intern(IdentityKind kind, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte k = (byte) kind.ordinal();
        int slot = hash(k, bytes, 0, bytes.length) & mask;
        while (slots[slot] != 0) {
            int key = slots[slot] - 1;
            if (kinds[key] == k && equalsAt(key, bytes)) {
                return key;
            }
            slot = (slot + 1) & mask;
        }
        int key = append(k, bytes);
        slots[slot] = key + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return key;
    }

    /** The number of a key, or -1. */
    int find(IdentityKind kind, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte k = (byte) kind.ordinal();
        int slot = hash(k, bytes, 0, bytes.length) & mask;
        while (slots[slot] != 0) {
            int key = slots[slot] - 1;
            if (kinds[key] == k && equalsAt(key, bytes)) {
                return key;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    IdentityKind kind(int key) {
        return KINDS[kinds[key]];
    }

    String value(int key) {
        int from = offsets[key];
        return new String(arena, from, offsets[key + 1] - from, StandardCharsets.UTF_8);
    }

    private int append(byte kind, byte[] bytes) {
        if (arenaSize + bytes.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + bytes.length));
        }
        System.arraycopy(bytes, 0, arena, arenaSize, bytes.length);
        arenaSize += bytes.length;
        if (size + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, kinds.length * 2);
        }
        kinds[size] = kind;
        offsets[size + 1] = arenaSize;
        return size++;
    }

    private boolean equalsAt(int key, byte[] bytes) {
        int from = offsets[key];
        int len = offsets[key + 1] - from;
        return len == bytes.length && Arrays.equals(arena, from, from + len, bytes, 0, len);
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        int newMask = bigger.length - 1;
        for (int key = 0; key < size; key++) {
            int from = offsets[key];
            int slot = hash(kinds[key], arena, from, offsets[key + 1] - from) & newMask;
            while (bigger[slot] != 0) {
                slot = (slot + 1) & newMask;
            }
            bigger[slot] = key + 1;
        }
        slots = bigger;
        mask = newMask;
    }

    private static int hash(byte kind, byte[] b, int from, int len) {
        int h = 0x9747b28c ^ kind;
        for (int i = from; i < from + len; i++) {
            h = (h ^ b[i]) * 0x5bd1e995;
            h ^= h >>> 15;
        }
        h ^= h >>> 13;
        return h * 0x9E3779B1;
    }
}
