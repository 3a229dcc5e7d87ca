package io.siyu.facts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Each customer's identifiers beyond their own customer_id, packed: every identifier as its kind's
 * ordinal (one byte) and its value's UTF-8 bytes in one arena, and each customer's identifiers as a
 * range of them. At a million customers the lists of {@link PersonRef} they replace were the
 * largest part of a server's heap by object count (7M references, 7M strings, 1.7M lists, ~1 GB).
 * Customers may only be added in index order; a customer's list is set once (later changes go to
 * an overlay the owner keeps).
 */
final class IdentityLists {
    private static final IdentityKind[] KINDS = IdentityKind.values();

    private byte[] arena = new byte[1 << 12];
    private int arenaSize;
    /** identifier i = arena[refStart[i] .. refStart[i + 1]) */
    private int[] refStart = new int[257];
    private int refs;
    /** customer c's identifiers are firstRef[c] .. firstRef[c + 1] */
    private int[] firstRef = new int[257];
    private int customers;

    /** Adds the next customer's identifiers (none: known by their customer_id alone). */
    void add(List<PersonRef> list) {
        for (PersonRef r : list) {
            byte[] value = r.value().getBytes(StandardCharsets.UTF_8);
            ensureArena(1 + value.length);
            arena[arenaSize++] = (byte) r.kind().ordinal();
            System.arraycopy(value, 0, arena, arenaSize, value.length);
            arenaSize += value.length;
            if (refs + 2 > refStart.length) {
                refStart = Arrays.copyOf(refStart, refStart.length * 2);
            }
            refStart[++refs] = arenaSize;
        }
        if (customers + 2 > firstRef.length) {
            firstRef = Arrays.copyOf(firstRef, firstRef.length * 2);
        }
        firstRef[++customers] = refs;
    }

    private void ensureArena(int more) {
        if (arenaSize + more > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + more));
        }
    }

    int customers() {
        return customers;
    }

    /** How many identifiers the customer has here. */
    int count(int customer) {
        return firstRef[customer + 1] - firstRef[customer];
    }

    /** The customer's identifiers, decoded. */
    List<PersonRef> get(int customer) {
        int from = firstRef[customer];
        int to = firstRef[customer + 1];
        List<PersonRef> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            int start = refStart[i];
            out.add(new PersonRef(KINDS[arena[start]], new String(arena, start + 1, refStart[i + 1] - start - 1, StandardCharsets.UTF_8)));
        }
        return List.copyOf(out);
    }

    /** Trims the arrays to their contents once loading is done. */
    void trim() {
        arena = Arrays.copyOf(arena, arenaSize);
        refStart = Arrays.copyOf(refStart, refs + 1);
        firstRef = Arrays.copyOf(firstRef, customers + 1);
    }
}
