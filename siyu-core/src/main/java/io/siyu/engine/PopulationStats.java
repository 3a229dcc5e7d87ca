package io.siyu.engine;

import io.siyu.model.Definition.StatOp;
import java.util.Arrays;

/**
 * Population-wide numbers over the customers that qualify. Quantiles interpolate linearly
 * between order statistics (position p·(n−1)), the definition DuckDB's quantile_cont and
 * PostgreSQL's percentile_cont use, so results can be checked against SQL.
 */
final class PopulationStats {
    private PopulationStats() {}

    static double compute(StatOp op, double p, double[] values, int n) {
        if (op == StatOp.COUNT) {
            return n;
        }
        if (n == 0) {
            return op == StatOp.SUM ? 0 : Double.NaN;
        }
        switch (op) {
            case SUM:
            case MEAN: {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += values[i];
                }
                return op == StatOp.SUM ? sum : sum / n;
            }
            case MIN:
            case MAX: {
                double best = values[0];
                for (int i = 1; i < n; i++) {
                    best = op == StatOp.MIN ? Math.min(best, values[i]) : Math.max(best, values[i]);
                }
                return best;
            }
            default: {
                double[] sorted = Arrays.copyOf(values, n);
                Arrays.sort(sorted);
                return quantile(sorted, op == StatOp.MEDIAN ? 0.5 : p);
            }
        }
    }

    /** Linear interpolation between closest ranks over sorted values. */
    static double quantile(double[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double pos = p * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(n - 1, lo + 1);
        double frac = pos - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }
}
