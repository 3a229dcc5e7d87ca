package io.siyu.engine;

import java.util.Arrays;

/**
 * A customer's place among the qualifying customers. Every method takes the candidate rows
 * (in ascending customer order, which is ascending survivor-id order) and their values, and
 * writes results into {@code out} (NaN for customers that are not candidates).
 */
final class PopulationScores {
    private PopulationScores() {}

    /**
     * SQL {@code NTILE(buckets) OVER (ORDER BY value ASC|DESC, customer_id)}: candidates ordered
     * worst to best, ties by id, split into buckets whose sizes differ by at most one (the larger
     * first), numbered 1 (worst) to {@code buckets} (best).
     */
    static void ntile(int[] rows, double[] values, int buckets, boolean higherIsBetter, double[] out) {
        int[] order = orderWorstToBest(rows, values, higherIsBetter);
        int n = order.length;
        int base = n / buckets;
        int larger = n % buckets;
        int pos = 0;
        for (int b = 1; b <= buckets && pos < n; b++) {
            int size = base + (b <= larger ? 1 : 0);
            for (int j = 0; j < size; j++) {
                out[order[pos++]] = b;
            }
        }
    }

    /**
     * Value-based buckets: cut points at the k/buckets quantiles; a customer scores one plus the
     * number of cut points it beats, so equal values always get equal scores.
     */
    static void quantileBuckets(int[] rows, double[] values, int buckets, boolean higherIsBetter, double[] out) {
        double[] sorted = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            sorted[i] = values[rows[i]];
        }
        Arrays.sort(sorted);
        double[] cuts = new double[buckets - 1];
        for (int k = 1; k < buckets; k++) {
            cuts[k - 1] = PopulationStats.quantile(sorted, (double) k / buckets);
        }
        for (int row : rows) {
            double v = values[row];
            int beaten = 0;
            for (double cut : cuts) {
                if (higherIsBetter ? v > cut : v < cut) {
                    beaten++;
                }
            }
            out[row] = higherIsBetter ? 1 + beaten : 1 + beaten;
        }
    }

    /**
     * SQL {@code PERCENT_RANK()} ordered worst to best: the share of other candidates that are
     * strictly worse, from 0 (worst) to 1 (best); ties share the lower value.
     */
    static void percentRank(int[] rows, double[] values, boolean higherIsBetter, double[] out) {
        int[] order = orderWorstToBest(rows, values, higherIsBetter);
        int n = order.length;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double pr = n == 1 ? 0 : (double) i / (n - 1);
            for (int k = i; k <= j; k++) {
                out[order[k]] = pr;
            }
            i = j + 1;
        }
    }

    /** SQL {@code RANK()} best first: 1 for the best; ties share a rank, the next rank skips. */
    static void rank(int[] rows, double[] values, boolean higherIsBetter, double[] out) {
        int[] order = orderWorstToBest(rows, values, higherIsBetter);
        int n = order.length;
        int i = n - 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && values[order[j - 1]] == values[order[i]]) {
                j--;
            }
            double r = n - i;
            for (int k = j; k <= i; k++) {
                out[order[k]] = r;
            }
            i = j - 1;
        }
    }

    /** Candidates sorted so the first is the worst; ties keep ascending customer order. */
    static int[] orderWorstToBest(int[] rows, double[] values, boolean higherIsBetter) {
        long[] keys = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            long k = RadixSort.ascendingKey(values[rows[i]]);
            keys[i] = higherIsBetter ? k : ~k;
        }
        return RadixSort.sort(rows, keys);
    }
}
