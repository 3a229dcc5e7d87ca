package io.siyu.report;

import io.siyu.engine.Flags;
import io.siyu.engine.Profiles;
import io.siyu.facts.StringColumn;
import io.siyu.model.Definition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tier pyramid (分层金字塔) of one run: for every tier, each value's customer count, share,
 * total paid spend and ARPU (spend per customer); the same for tags and segments; and who each
 * selection picked from which group. Spend counts paid orders up to the as-of instant.
 */
public record LayerReport(String model, String asOf, int customers, List<Layer> tiers, List<Row> tags,
                          List<Row> segments, Map<String, Double> stats, List<SelectionSummary> selections) {

    /** One value of a layer: how many customers hold it and what they spend. */
    public record Row(String value, String label, long count, double share, double totalSpend, double arpu) {}

    public record Layer(String name, List<Row> rows) {}

    public record SelectionSummary(String name, int picked, Map<String, Long> byGroup) {}

    public static LayerReport of(Profiles profiles) {
        int n = profiles.size();
        double[] spend = profiles.spend().values();
        List<Layer> tiers = new ArrayList<>();
        List<Row> tags = new ArrayList<>();
        List<Row> segments = new ArrayList<>();
        for (Definition d : profiles.model().model().definitions()) {
            if (d instanceof Definition.Exclusive t) {
                tiers.add(tierLayer(profiles, t, spend, n));
            } else if (d instanceof Definition.Audience a) {
                Flags f = profiles.flags(a.name());
                long count = 0;
                double total = 0;
                for (int c = 0; c < n; c++) {
                    if (f.get(c)) {
                        count++;
                        total += spend[c];
                    }
                }
                Row row = row(a.name(), a.description(), count, total, n);
                (a.audienceKind() == Definition.AudienceKind.TAG ? tags : segments).add(row);
            }
        }
        List<SelectionSummary> selections = new ArrayList<>();
        profiles.selections().forEach((name, picks) -> {
            Map<String, Long> byGroup = new LinkedHashMap<>();
            picks.forEach(p -> byGroup.merge(p.fromGroup(), 1L, Long::sum));
            selections.add(new SelectionSummary(name, picks.size(), byGroup));
        });
        return new LayerReport(profiles.model().model().name(),
                profiles.asOf().atZone(profiles.model().model().zone()).toOffsetDateTime().toString(), n, tiers, tags, segments,
                profiles.stats(), selections);
    }

    private static Layer tierLayer(Profiles profiles, Definition.Exclusive t, double[] spend, int n) {
        StringColumn column = (StringColumn) profiles.column(t.name());
        List<String> values = t.values();
        long[] counts = new long[column.dictionary().size()];
        double[] totals = new double[counts.length];
        int[] codes = column.codes();
        for (int c = 0; c < n; c++) {
            counts[codes[c]]++;
            totals[codes[c]] += spend[c];
        }
        List<Row> rows = new ArrayList<>();
        for (String v : values) {
            int code = column.dictionary().lookup(v);
            rows.add(row(v, t.labelOf(v), code < 0 ? 0 : counts[code], code < 0 ? 0 : totals[code], n));
        }
        return new Layer(t.name(), rows);
    }

    private static Row row(String value, String label, long count, double total, int n) {
        return new Row(value, label, count, n == 0 ? 0 : (double) count / n, total, count == 0 ? 0 : total / count);
    }
}
