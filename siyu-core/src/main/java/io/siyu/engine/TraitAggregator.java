package io.siyu.engine;

import io.siyu.facts.Column;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.StringColumn;
import io.siyu.facts.TimeColumn;
import io.siyu.facts.Timestamps;
import io.siyu.model.Definition.Aggregate;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * Folds the qualifying fact rows of every customer into one trait value. {@link #add} is the
 * per-fact step — a pure update of this customer's slot from (state, fact) — so the same
 * aggregate can later be kept current one fact at a time; {@link #finish} turns the state into
 * the column the rest of the model reads.
 */
abstract class TraitAggregator {
    final String name;

    TraitAggregator(String name) {
        this.name = name;
    }

    abstract void add(int customer, int row, long time);

    abstract Column finish();

    /**
     * Whether threads may add facts of different customers at once: true when all state lives in
     * per-customer slots; false for aggregators that append to a shared list.
     */
    boolean perCustomerState() {
        return true;
    }

    /** The field a trait reads, as the table stores it. */
    record Field(NumberColumn number, TimeColumn time, StringColumn string, long[] rowTimes) {}

    static TraitAggregator create(String name, Aggregate aggregate, Field field, int customers, long asOf, ZoneId zone) {
        return switch (aggregate) {
            case COUNT -> new Count(name, customers);
            case SUM -> new Sum(name, field.number(), customers, false);
            case AVG -> new Sum(name, field.number(), customers, true);
            case MIN, MAX -> field.number() != null
                    ? new Extreme(name, field.number(), customers, aggregate == Aggregate.MAX)
                    : new ExtremeTime(name, field, customers, aggregate == Aggregate.MAX, zone);
            case FIRST_TIME -> new ExtremeTime(name, new Field(null, null, null, field.rowTimes()), customers, false, zone);
            case LAST_TIME -> new ExtremeTime(name, new Field(null, null, null, field.rowTimes()), customers, true, zone);
            case DAYS_SINCE -> new DaysSince(name, field, customers, asOf, zone);
            case FIRST, LAST -> new FirstLast(name, field, customers, aggregate == Aggregate.LAST, zone);
            case DISTINCT_COUNT -> new DistinctCount(name, field, customers);
            case NEXT_DUE -> throw new IllegalArgumentException("next_due reads several fields: use NextDue directly");
        };
    }

    /**
     * When a customer next runs out (复购提醒, C6): for each product, the latest purchase plus
     * quantity × the product's cycle_days (two lines of it in that order add up); the earliest of
     * those over their products. Lines whose
     * product has no cycle_days are ignored; null when no line qualifies.
     */
    static final class NextDue extends TraitAggregator {
        private final StringColumn sku;
        private final NumberColumn quantity;
        private final NumberColumn cycleDays;
        private final ZoneId zone;
        private final int customers;
        private int size;
        private long[] keys = new long[256];
        private long[] times = new long[256];
        private long[] dues = new long[256];

        @Override
        boolean perCustomerState() {
            return false;
        }

        NextDue(String name, StringColumn sku, NumberColumn quantity, NumberColumn cycleDays, int customers, ZoneId zone) {
            super(name);
            this.sku = sku;
            this.quantity = quantity;
            this.cycleDays = cycleDays;
            this.customers = customers;
            this.zone = zone;
        }

        @Override
        void add(int customer, int row, long time) {
            double cycle = cycleDays.get(row);
            int code = sku.code(row);
            if (cycle != cycle || code < 0) {
                return;
            }
            double qty = quantity.get(row);
            double days = (qty == qty && qty > 0 ? qty : 1) * cycle;
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                times = Arrays.copyOf(times, size * 2);
                dues = Arrays.copyOf(dues, size * 2);
            }
            keys[size] = ((long) customer << 32) | code;
            times[size] = time;
            dues[size] = time + Math.round(days * 86_400);
            size++;
        }

        @Override
        Column finish() {
            int[] idx = new int[size];
            for (int i = 0; i < size; i++) {
                idx[i] = i;
            }
            int[] order = RadixSort.sort(idx, Arrays.copyOf(keys, size));
            long[] best = new long[customers];
            Arrays.fill(best, TimeColumn.NULL);
            int i = 0;
            while (i < size) {
                int j = i;
                long latest = Long.MIN_VALUE;
                while (j < size && keys[order[j]] == keys[order[i]]) {
                    latest = Math.max(latest, times[order[j]]);
                    j++;
                }
                long due = latest; // lines of the product bought at that moment (one order) add up
                for (int k = i; k < j; k++) {
                    if (times[order[k]] == latest) {
                        due += dues[order[k]] - latest;
                    }
                }
                int customer = (int) (keys[order[i]] >>> 32);
                if (best[customer] == TimeColumn.NULL || due < best[customer]) {
                    best[customer] = due;
                }
                i = j;
            }
            TimeColumn out = new TimeColumn(name, zone, customers);
            for (long v : best) {
                out.append(v);
            }
            return out;
        }
    }

    static final class Count extends TraitAggregator {
        private final double[] counts;

        Count(String name, int customers) {
            super(name);
            counts = new double[customers];
        }

        @Override
        void add(int customer, int row, long time) {
            counts[customer]++;
        }

        @Override
        Column finish() {
            return new NumberColumn(name, counts);
        }
    }

    static final class Sum extends TraitAggregator {
        private final double[] values;
        private final double[] sums;
        private final double[] counts;
        private final boolean average;

        Sum(String name, NumberColumn field, int customers, boolean average) {
            super(name);
            this.values = field.values();
            this.sums = new double[customers];
            this.counts = average ? new double[customers] : null;
            this.average = average;
        }

        @Override
        void add(int customer, int row, long time) {
            double v = values[row];
            if (v == v) {
                sums[customer] += v;
                if (average) {
                    counts[customer]++;
                }
            }
        }

        @Override
        Column finish() {
            if (average) {
                for (int c = 0; c < sums.length; c++) {
                    sums[c] = counts[c] == 0 ? Double.NaN : sums[c] / counts[c];
                }
            }
            return new NumberColumn(name, sums);
        }
    }

    static final class Extreme extends TraitAggregator {
        private final double[] values;
        private final double[] best;
        private final boolean max;

        Extreme(String name, NumberColumn field, int customers, boolean max) {
            super(name);
            this.values = field.values();
            this.best = new double[customers];
            Arrays.fill(best, Double.NaN);
            this.max = max;
        }

        @Override
        void add(int customer, int row, long time) {
            double v = values[row];
            double b = best[customer];
            if (v == v && (b != b || (max ? v > b : v < b))) {
                best[customer] = v;
            }
        }

        @Override
        Column finish() {
            return new NumberColumn(name, best);
        }
    }

    /** Earliest or latest instant: of the fact itself, or of a time-valued field. */
    static final class ExtremeTime extends TraitAggregator {
        private final long[] source;
        private final long[] best;
        private final boolean max;
        private final ZoneId zone;

        ExtremeTime(String name, Field field, int customers, boolean max, ZoneId zone) {
            super(name);
            this.source = field.time() != null ? field.time().values() : field.rowTimes();
            this.best = new long[customers];
            Arrays.fill(best, TimeColumn.NULL);
            this.max = max;
            this.zone = zone;
        }

        @Override
        void add(int customer, int row, long time) {
            long v = source[row];
            long b = best[customer];
            if (v != TimeColumn.NULL && (b == TimeColumn.NULL || (max ? v > b : v < b))) {
                best[customer] = v;
            }
        }

        long[] best() {
            return best;
        }

        @Override
        Column finish() {
            TimeColumn column = new TimeColumn(name, zone, best.length);
            for (long v : best) {
                column.append(v);
            }
            return column;
        }
    }

    /** Whole local days from the latest qualifying fact to the as-of day. */
    static final class DaysSince extends TraitAggregator {
        private final ExtremeTime latest;
        private final long asOf;
        private final ZoneId zone;

        DaysSince(String name, Field field, int customers, long asOf, ZoneId zone) {
            super(name);
            this.latest = new ExtremeTime(name, field, customers, true, zone);
            this.asOf = asOf;
            this.zone = zone;
        }

        @Override
        void add(int customer, int row, long time) {
            latest.add(customer, row, time);
        }

        @Override
        Column finish() {
            long[] last = latest.best();
            double[] days = new double[last.length];
            long asOfDay = Timestamps.localEpochDay(asOf, zone);
            java.time.zone.ZoneRules rules = zone.getRules();
            boolean fixed = rules.isFixedOffset();
            long fixedOffset = fixed ? rules.getOffset(java.time.Instant.EPOCH).getTotalSeconds() : 0;
            for (int c = 0; c < last.length; c++) {
                long t = last[c];
                if (t == TimeColumn.NULL) {
                    days[c] = Double.NaN;
                } else {
                    long day = fixed ? Math.floorDiv(t + fixedOffset, 86_400L) : Timestamps.localEpochDay(t, zone);
                    days[c] = asOfDay - day;
                }
            }
            return new NumberColumn(name, days);
        }
    }

    /** The field's value at the customer's earliest (first) or latest (last) qualifying fact. */
    static final class FirstLast extends TraitAggregator {
        private final Field field;
        private final long[] rowTimes;
        private final long[] bestTime;
        private final int[] bestRow;
        private final boolean last;
        private final ZoneId zone;

        FirstLast(String name, Field field, int customers, boolean last, ZoneId zone) {
            super(name);
            this.field = field;
            this.rowTimes = field.rowTimes();
            this.bestTime = new long[customers];
            this.bestRow = new int[customers];
            Arrays.fill(bestRow, -1);
            this.last = last;
            this.zone = zone;
        }

        @Override
        void add(int customer, int row, long time) {
            int b = bestRow[customer];
            if (b < 0 || (last ? time >= bestTime[customer] : time < bestTime[customer])) {
                bestRow[customer] = row;
                bestTime[customer] = time;
            }
        }

        @Override
        Column finish() {
            int n = bestRow.length;
            if (field.number() != null) {
                double[] out = new double[n];
                for (int c = 0; c < n; c++) {
                    out[c] = bestRow[c] < 0 ? Double.NaN : field.number().get(bestRow[c]);
                }
                return new NumberColumn(name, out);
            }
            if (field.string() != null) {
                StringColumn out = new StringColumn(name, field.string().dictionary(), n);
                for (int c = 0; c < n; c++) {
                    out.appendCode(bestRow[c] < 0 ? -1 : field.string().code(bestRow[c]));
                }
                return out;
            }
            long[] source = field.time() != null ? field.time().values() : rowTimes;
            TimeColumn out = new TimeColumn(name, zone, n);
            for (int c = 0; c < n; c++) {
                out.append(bestRow[c] < 0 ? TimeColumn.NULL : source[bestRow[c]]);
            }
            return out;
        }
    }

    /** Number of different non-null values; (customer, value) pairs are sorted, then counted. */
    static final class DistinctCount extends TraitAggregator {
        private final Field field;
        private long[] pairs = new long[1024];
        private long[] values = new long[1024];
        private int size;
        private final int customers;

        @Override
        boolean perCustomerState() {
            return false;
        }

        DistinctCount(String name, Field field, int customers) {
            super(name);
            this.field = field;
            this.customers = customers;
        }

        @Override
        void add(int customer, int row, long time) {
            long v;
            if (field.string() != null) {
                int code = field.string().code(row);
                if (code < 0) {
                    return;
                }
                v = code;
            } else if (field.number() != null) {
                double d = field.number().get(row);
                if (d != d) {
                    return;
                }
                v = Double.doubleToLongBits(d);
            } else {
                long[] t = field.time() != null ? field.time().values() : field.rowTimes();
                if (t[row] == TimeColumn.NULL) {
                    return;
                }
                v = t[row];
            }
            if (size == pairs.length) {
                pairs = Arrays.copyOf(pairs, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            pairs[size] = customer;
            values[size] = v;
            size++;
        }

        @Override
        Column finish() {
            int[] idx = new int[size];
            long[] byValue = new long[size];
            for (int i = 0; i < size; i++) {
                idx[i] = i;
                byValue[i] = values[i] ^ Long.MIN_VALUE;
            }
            int[] order = RadixSort.sort(idx, byValue);
            long[] byCustomer = new long[size];
            for (int i = 0; i < size; i++) {
                byCustomer[i] = pairs[order[i]];
            }
            order = RadixSort.sort(order, byCustomer);
            double[] counts = new double[customers];
            for (int i = 0; i < size; i++) {
                int cur = order[i];
                if (i == 0 || pairs[cur] != pairs[order[i - 1]] || values[cur] != values[order[i - 1]]) {
                    counts[(int) pairs[cur]]++;
                }
            }
            return new NumberColumn(name, counts);
        }
    }
}
