package io.siyu.engine;

/**
 * Stable LSD radix sort of row indexes by 64-bit keys, 16 bits a pass: sorting a million
 * values costs four linear passes and no boxing, where {@code Arrays.sort} with a comparator
 * would box every index.
 */
final class RadixSort {
    private RadixSort() {}

    /** Few rows (one customer's facts in the live engine): a stable insertion sort beats four 64K-bucket passes. */
    private static int[] insertionSort(int[] order, long[] keys) {
        for (int i = 1; i < order.length; i++) {
            int row = order[i];
            long key = keys[i];
            int j = i - 1;
            while (j >= 0 && Long.compareUnsigned(keys[j], key) > 0) {
                order[j + 1] = order[j];
                keys[j + 1] = keys[j];
                j--;
            }
            order[j + 1] = row;
            keys[j + 1] = key;
        }
        return order;
    }

    /** A key whose unsigned order is the numeric order of {@code v} (NaN sorts last). */
    static long ascendingKey(double v) {
        long bits = Double.doubleToLongBits(v);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    /**
     * Returns {@code rows} reordered by ascending unsigned key; equal keys keep their input
     * order. {@code keys[i]} is the key of {@code rows[i]}.
     */
    static int[] sort(int[] rows, long[] keys) {
        int n = rows.length;
        int[] order = rows.clone();
        if (n == 0) {
            return order;
        }
        if (n < 64) {
            return insertionSort(order, keys.clone());
        }
        long[] k = keys.clone();
        int[] order2 = new int[n];
        long[] k2 = new long[n];
        int[] counts = new int[1 << 16];
        for (int shift = 0; shift < 64; shift += 16) {
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) ((k[i] >>> shift) & 0xFFFF)]++;
            }
            if (counts[(int) ((k[0] >>> shift) & 0xFFFF)] == n) {
                continue; // every key has the same digit here: the pass would not move anything
            }
            int sum = 0;
            for (int d = 0; d < counts.length; d++) {
                int c = counts[d];
                counts[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int d = (int) ((k[i] >>> shift) & 0xFFFF);
                int at = counts[d]++;
                order2[at] = order[i];
                k2[at] = k[i];
            }
            int[] to = order;
            order = order2;
            order2 = to;
            long[] tk = k;
            k = k2;
            k2 = tk;
        }
        return order;
    }
}
