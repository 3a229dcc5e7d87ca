package io.siyu.engine;

import io.siyu.facts.FactTable;
import io.siyu.facts.StringColumn;
import io.siyu.model.Definition;
import java.time.ZoneId;
import java.util.List;

/**
 * Evaluates a points plan (积分方案): each rule's points per matching event, at most its daily
 * cap per customer per local day, the total capped, events older than the expiry forgotten.
 */
final class PointsPlan {
    private PointsPlan() {}

    static double[] compute(Definition.Points plan, List<RowPredicate> ruleFilters, FactTable events, int customers,
                            long asOf, ZoneId zone) {
        double[] total = new double[customers];
        if (events == null) {
            return total;
        }
        StringColumn types = (StringColumn) events.column("type");
        long lower = plan.expireAfter() == null ? Long.MIN_VALUE : asOf - plan.expireAfter().getSeconds();
        int n = events.size();
        int[] cust = events.customers();
        long[] time = events.times();
        int[] typeCodes = types.codes();
        boolean fixed = zone.getRules().isFixedOffset();
        long offset = fixed ? zone.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds() : 0;
        for (int r = 0; r < plan.rules().size(); r++) {
            Definition.PointRule rule = plan.rules().get(r);
            int code = types.dictionary().lookup(rule.eventType());
            if (code < 0) {
                continue;
            }
            RowPredicate filter = ruleFilters.get(r);
            // (customer, local day) keys of matching events, counted after sorting
            long[] keys = new long[64];
            int size = 0;
            for (int row = 0; row < n; row++) {
                long t = time[row];
                if (typeCodes[row] != code || t > asOf || t <= lower || !filter.test(row)) {
                    continue;
                }
                long day = fixed ? Math.floorDiv(t + offset, 86_400L) : io.siyu.facts.Timestamps.localEpochDay(t, zone);
                if (size == keys.length) {
                    keys = java.util.Arrays.copyOf(keys, size * 2);
                }
                keys[size++] = ((long) cust[row] << 32) | (day & 0xFFFFFFFFL);
            }
            java.util.Arrays.sort(keys, 0, size);
            int i = 0;
            while (i < size) {
                int j = i;
                while (j < size && keys[j] == keys[i]) {
                    j++;
                }
                int customer = (int) (keys[i] >>> 32);
                total[customer] += Math.min((j - i) * rule.points(), rule.dailyCap());
                i = j;
            }
        }
        for (int c = 0; c < customers; c++) {
            total[c] = Math.min(total[c], plan.cap());
        }
        return total;
    }
}
