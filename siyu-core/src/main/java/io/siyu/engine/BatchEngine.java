package io.siyu.engine;

import io.siyu.facts.Column;
import io.siyu.facts.ColumnType;
import io.siyu.facts.Dataset;
import io.siyu.facts.FactTable;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.StringColumn;
import io.siyu.facts.TimeColumn;
import io.siyu.model.Definition;
import io.siyu.model.FactFields;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a compiled model over every customer of a data set as of one instant. Facts after
 * the as-of instant are ignored, so a run is reproducible whatever the wall clock says.
 *
 * <p>Per-customer work (traits, points, derived values, tiers, tags) is a fold of each
 * customer's own facts; population-wide values (statistics, n-tiles, ranks) are separate steps
 * over the finished per-customer columns. Traits over the same table, filter and window share
 * one pass over the facts.
 */
public final class BatchEngine {
    /** {@code -Dsiyu.engine.trace=true} prints each step's time to stderr, to see where a run spends it. */
    private static final boolean TRACE = Boolean.getBoolean("siyu.engine.trace");

    private static long trace(String step, long since) {
        long now = System.nanoTime();
        if (TRACE) {
            System.err.printf(java.util.Locale.ROOT, "siyu.engine: %-28s %8.1f ms%n", step, (now - since) / 1e6);
        }
        return now;
    }

    public Profiles evaluate(CompiledModel compiled, Dataset data, Instant asOf) {
        return evaluate(compiled, data, asOf, null);
    }

    /**
     * Like {@link #evaluate(CompiledModel, Dataset, Instant)}, but takes the per-customer fact
     * aggregates (traits and points plans) as already computed — the live engine keeps them
     * current fact by fact — and computes only what depends on them: population statistics and
     * scores, derived values, tiers, tags, segments and selections.
     */
    public Profiles evaluate(CompiledModel compiled, Dataset data, Instant asOf, Map<String, Column> factAggregates) {
        long asOfSecond = asOf.getEpochSecond();
        ZoneId zone = compiled.model().zone();
        int customers = data.customers().size();
        Profiles profiles = new Profiles(compiled, data, asOf);
        Profiles values = profiles;
        Map<String, ColumnType> attributeTypes = compiled.model().attributes();
        attributeTypes.forEach((name, type) ->
                profiles.putAttribute(name, Coercion.to(data.customers().attribute(name), type, name, customers, zone)));

        long step = trace("attributes", System.nanoTime());
        if (factAggregates == null) {
            computeTraits(compiled, data, asOfSecond, zone, profiles);
        } else {
            factAggregates.forEach(profiles::putColumn);
        }
        step = trace("traits", step);
        for (Definition d : compiled.order()) {
            if (d instanceof Definition.Trait
                    || ((d instanceof Definition.Points || d instanceof Definition.Stage) && factAggregates != null)) {
                continue;
            }
            if (d instanceof Definition.Points p) {
                profiles.putColumn(p.name(), computePoints(compiled, p, data.table("events"), customers, asOfSecond, zone));
            } else if (d instanceof Definition.Stage st) {
                for (Column column : computeStage(compiled, st, data.table("events"), addedAt(profiles, 0, customers),
                        customers, asOfSecond, zone)) {
                    profiles.putColumn(column.name(), column);
                }
            } else if (d instanceof Definition.Derived x) {
                CheckedExpression e = compiled.expression(x.name(), "expr");
                Evaluated result = evaluatePerCustomer(x.name(), e, values, customers, asOfSecond, zone);
                result.store(profiles);
            } else if (d instanceof Definition.Stat s) {
                double v = stat(compiled, s, values, customers, asOfSecond, zone);
                profiles.putStat(s.name(), v);
            } else if (d instanceof Definition.Score s) {
                NumberColumn column = new NumberColumn(s.name(), score(compiled, s, values, customers, asOfSecond, zone));
                profiles.putColumn(s.name(), column);
            } else if (d instanceof Definition.Tier t) {
                tier(compiled, t, values, profiles, customers, asOfSecond, zone);
            } else if (d instanceof Definition.Audience a) {
                RowPredicate when = compiled.expression(a.name(), "when").planPredicate(values, asOfSecond, zone);
                boolean[] member = new boolean[customers];
                for (int c = 0; c < customers; c++) {
                    member[c] = when.test(c);
                }
                Flags flags = new Flags(a.name(), member);
                profiles.putFlags(flags);
            } else if (d instanceof Definition.Selection s) {
                select(compiled, s, values, profiles, customers, asOfSecond, zone);
            }
            step = trace(d.kindName() + " " + d.name(), step);
        }
        return profiles;
    }

    private void computeTraits(CompiledModel compiled, Dataset data, long asOf, ZoneId zone, Profiles profiles) {
        int customers = data.customers().size();
        for (List<Definition.Trait> group : traitGroups(compiled)) {
            FactTable table = data.table(group.get(0).table());
            for (Column column : computeTraitGroup(compiled, group, table, customers, asOf, zone)) {
                profiles.putColumn(column.name(), column);
            }
        }
    }

    /** Traits over the same table, filter and window, which one pass over the facts computes together. */
    static List<List<Definition.Trait>> traitGroups(CompiledModel compiled) {
        Map<String, List<Definition.Trait>> groups = new LinkedHashMap<>();
        for (Definition.Trait t : compiled.model().all(Definition.Trait.class)) {
            String key = t.table() + "\u0000" + (t.where() == null ? "" : t.where().text()) + "\u0000" + t.within();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        return new ArrayList<>(groups.values());
    }

    /** One pass over {@code table} (null: no such facts) computing every trait of a group for all customers. */
    static Column[] computeTraitGroup(CompiledModel compiled, List<Definition.Trait> group, FactTable table,
                                      int customers, long asOf, ZoneId zone) {
        Definition.Trait first = group.get(0);
        FactTable effective = table != null ? table : new FactTable(first.table(), 0);
        FactBindings bindings = FactBindings.of(effective, compiled.model(), zone);
        TraitAggregator[] aggregators = new TraitAggregator[group.size()];
        for (int i = 0; i < group.size(); i++) {
            Definition.Trait t = group.get(i);
            aggregators[i] = t.aggregate() == Definition.Aggregate.NEXT_DUE
                    ? new TraitAggregator.NextDue(t.name(), (StringColumn) bindings.column("sku"),
                            (NumberColumn) bindings.column("quantity"), (NumberColumn) bindings.column("cycle_days"), customers, zone)
                    : TraitAggregator.create(t.name(), t.aggregate(), bindings.field(t.field()), customers, asOf, zone);
        }
        CheckedExpression where = compiled.expression(first.name(), "where");
        RowPredicate filter = where == null ? null : where.planPredicate(bindings, asOf, zone);
        long lower = first.within() == null ? Long.MIN_VALUE : asOf - first.within().getSeconds();
        scan(effective, filter, asOf, lower, aggregators);
        Column[] out = new Column[aggregators.length];
        for (int i = 0; i < aggregators.length; i++) {
            out[i] = aggregators[i].finish();
        }
        return out;
    }

    /** A points plan for all customers of {@code events} (null: no events). */
    static NumberColumn computePoints(CompiledModel compiled, Definition.Points p, FactTable events, int customers,
                                      long asOf, ZoneId zone) {
        List<RowPredicate> filters = new ArrayList<>();
        for (int i = 0; i < p.rules().size(); i++) {
            CheckedExpression where = compiled.expression(p.name(), "rules[" + i + "].where");
            filters.add(where == null || events == null ? RowPredicate.ALWAYS
                    : where.planPredicate(FactBindings.of(events, compiled.model(), zone), asOf, zone));
        }
        return new NumberColumn(p.name(), PointsPlan.compute(p, filters, events, customers, asOf, zone));
    }

    /** A stage and its {@code <name>_since} for all customers of {@code events} (null: no events). */
    static Column[] computeStage(CompiledModel compiled, Definition.Stage st, FactTable events, long[] addedAt,
                                 int customers, long asOf, ZoneId zone) {
        return computeStage(compiled, new StageMachine(st, zone), st, events, addedAt, customers, asOf, zone);
    }

    /** Like the above with a machine built once (the live engine walks one customer per fact). */
    static Column[] computeStage(CompiledModel compiled, StageMachine machine, Definition.Stage st, FactTable events, long[] addedAt,
                                 int customers, long asOf, ZoneId zone) {
        Column field = st.setByField() == null || events == null ? null
                : FactBindings.of(events, compiled.model(), zone).column(st.setByField());
        return machine.compute(events, field, addedAt, customers, asOf);
    }

    /** registered_at of customers [from, from + count): when each was added, the start of their stage walk. */
    static long[] addedAt(Profiles profiles, int from, int count) {
        long[] out = new long[count];
        Column registered = profiles.column("registered_at");
        for (int i = 0; i < count; i++) {
            out[i] = registered instanceof TimeColumn t ? t.get(from + i) : TimeColumn.NULL;
        }
        return out;
    }

    /** Below this many rows a second thread costs more than it saves. */
    private static final int PARALLEL_ROWS = 200_000;

    /**
     * The one pass over a fact table: rows in (lower, asOf] that pass the filter feed every
     * aggregator. A table sorted by customer is split between threads at customer boundaries, so
     * each customer's state is written by one thread only and results do not depend on threads.
     */
    private static void scan(FactTable table, RowPredicate filter, long asOf, long lower, TraitAggregator[] aggregators) {
        int n = table.size();
        // the processor count is a system call: not asked for the live engine's scans of one customer's rows (one
        // per fact and trait group), where it was 1.5% of the apply thread at a million customers
        int parts = n < PARALLEL_ROWS ? 1 : Math.min(Runtime.getRuntime().availableProcessors(), 8);
        if (parts < 2 || !table.isSortedByCustomer()
                || !java.util.Arrays.stream(aggregators).allMatch(TraitAggregator::perCustomerState)) {
            scanRange(table, filter, asOf, lower, aggregators, 0, n);
            return;
        }
        int[] cust = table.customers();
        int[] bounds = new int[parts + 1];
        bounds[parts] = n;
        for (int k = 1; k < parts; k++) {
            int b = Math.max(bounds[k - 1], (int) ((long) n * k / parts));
            while (b > 0 && b < n && cust[b] == cust[b - 1]) {
                b++;
            }
            bounds[k] = b;
        }
        java.util.stream.IntStream.range(0, parts).parallel()
                .forEach(p -> scanRange(table, filter, asOf, lower, aggregators, bounds[p], bounds[p + 1]));
    }

    private static void scanRange(FactTable table, RowPredicate filter, long asOf, long lower,
                                  TraitAggregator[] aggregators, int from, int to) {
        int n = to;
        int[] cust = table.customers();
        long[] time = table.times();
        if (aggregators.length == 1) {
            TraitAggregator only = aggregators[0];
            for (int r = from; r < n; r++) {
                long t = time[r];
                if (t <= asOf && t > lower && (filter == null || filter.test(r))) {
                    only.add(cust[r], r, t);
                }
            }
            return;
        }
        for (int r = from; r < n; r++) {
            long t = time[r];
            if (t <= asOf && t > lower && (filter == null || filter.test(r))) {
                int c = cust[r];
                for (TraitAggregator a : aggregators) {
                    a.add(c, r, t);
                }
            }
        }
    }

    private record Evaluated(String name, ColumnType type, Column column, boolean[] flags) {
        void store(Profiles profiles) {
            if (flags != null) {
                Flags f = new Flags(name, flags);
                profiles.putFlags(f);
            } else {
                profiles.putColumn(name, column);
            }
        }
    }

    private static Evaluated evaluatePerCustomer(String name, CheckedExpression e, Profiles values, int customers,
                                                 long asOf, ZoneId zone) {
        io.siyu.expr.Evaluator plan = e.plan(values, asOf, zone);
        switch (e.type()) {
            case BOOL: {
                boolean[] out = new boolean[customers];
                for (int c = 0; c < customers; c++) {
                    out[c] = plan.test(c);
                }
                return new Evaluated(name, ColumnType.BOOL, null, out);
            }
            case NUMBER: {
                double[] out = new double[customers];
                for (int c = 0; c < customers; c++) {
                    out[c] = plan.number(c);
                }
                return new Evaluated(name, ColumnType.NUMBER, new NumberColumn(name, out), null);
            }
            case TIME: {
                TimeColumn out = new TimeColumn(name, zone, customers);
                for (int c = 0; c < customers; c++) {
                    out.append(plan.time(c));
                }
                return new Evaluated(name, ColumnType.TIME, out, null);
            }
            default: {
                StringColumn out = new StringColumn(name, customers);
                for (int c = 0; c < customers; c++) {
                    out.append(plan.string(c));
                }
                return new Evaluated(name, ColumnType.STRING, out, null);
            }
        }
    }

    /** The customers that qualify (where holds, value not null) and their values. */
    private record Candidates(int[] rows, double[] values) {}

    private static Candidates candidates(CheckedExpression of, CheckedExpression where, Profiles values,
                                         int customers, long asOf, ZoneId zone) {
        io.siyu.expr.Evaluator value = of.plan(values, asOf, zone);
        RowPredicate filter = where == null ? RowPredicate.ALWAYS : where.planPredicate(values, asOf, zone);
        double[] all = new double[customers];
        int[] rows = new int[customers];
        int n = 0;
        for (int c = 0; c < customers; c++) {
            double v = value.number(c);
            all[c] = v;
            if (v == v && filter.test(c)) {
                rows[n++] = c;
            }
        }
        return new Candidates(values.customers().inIdOrder(java.util.Arrays.copyOf(rows, n)), all);
    }

    private static double stat(CompiledModel compiled, Definition.Stat s, Profiles values, int customers,
                               long asOf, ZoneId zone) {
        Candidates cands = candidates(compiled.expression(s.name(), "of"), compiled.expression(s.name(), "where"),
                values, customers, asOf, zone);
        double[] picked = new double[cands.rows().length];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = cands.values()[cands.rows()[i]];
        }
        return PopulationStats.compute(s.op(), s.p(), picked, picked.length);
    }

    private static double[] score(CompiledModel compiled, Definition.Score s, Profiles values, int customers,
                                  long asOf, ZoneId zone) {
        double[] out = new double[customers];
        java.util.Arrays.fill(out, Double.NaN);
        CheckedExpression where = compiled.expression(s.name(), "where");
        if (s.op() == Definition.ScoreOp.COMPOSITE) {
            RowPredicate filter = where == null ? RowPredicate.ALWAYS : where.planPredicate(values, asOf, zone);
            double totalWeight = s.components().stream().mapToDouble(Definition.Component::weight).sum();
            double[] sum = new double[customers];
            for (Definition.Component c : s.components()) {
                Candidates cands = candidates(compiled.expression(s.name(), "composite." + c.name()), where, values,
                        customers, asOf, zone);
                double[] pr = new double[customers];
                PopulationScores.percentRank(cands.rows(), cands.values(), c.higherIsBetter(), pr);
                for (int row : cands.rows()) {
                    sum[row] += c.weight() * pr[row];
                }
            }
            for (int row = 0; row < customers; row++) {
                if (filter.test(row)) {
                    out[row] = sum[row] / totalWeight;
                }
            }
            return out;
        }
        Candidates cands = candidates(compiled.expression(s.name(), "of"), where, values, customers, asOf, zone);
        switch (s.op()) {
            case NTILE -> PopulationScores.ntile(cands.rows(), cands.values(), s.buckets(), s.higherIsBetter(), out);
            case QUANTILE -> PopulationScores.quantileBuckets(cands.rows(), cands.values(), s.buckets(), s.higherIsBetter(), out);
            case PERCENT_RANK -> PopulationScores.percentRank(cands.rows(), cands.values(), s.higherIsBetter(), out);
            case RANK -> PopulationScores.rank(cands.rows(), cands.values(), s.higherIsBetter(), out);
            default -> throw new IllegalStateException(s.op().name());
        }
        return out;
    }

    private static void tier(CompiledModel compiled, Definition.Tier t, Profiles values, Profiles profiles,
                             int customers, long asOf, ZoneId zone) {
        int rules = t.rules().size();
        RowPredicate[] conditions = new RowPredicate[rules];
        StringColumn column = new StringColumn(t.name(), customers);
        StringColumn labels = t.hasLabels() ? new StringColumn(t.name() + "_label", customers) : null;
        int[] codes = new int[rules];
        for (int i = 0; i < rules; i++) {
            conditions[i] = compiled.expression(t.name(), "rules[" + i + "]").planPredicate(values, asOf, zone);
            codes[i] = column.dictionary().encode(t.rules().get(i).value());
        }
        int defaultCode = column.dictionary().encode(t.defaultValue());
        for (int c = 0; c < customers; c++) {
            int matched = -1;
            for (int i = 0; i < rules; i++) {
                if (conditions[i].test(c)) {
                    matched = i;
                    break;
                }
            }
            column.appendCode(matched < 0 ? defaultCode : codes[matched]);
            if (labels != null) {
                labels.append(matched < 0 ? t.defaultLabel() : t.rules().get(matched).label());
            }
        }
        profiles.putColumn(t.name(), column);
        if (labels != null) {
            profiles.putTierLabels(t.name(), labels);
        }
    }

    private static void select(CompiledModel compiled, Definition.Selection s, Profiles values, Profiles profiles,
                               int customers, long asOf, ZoneId zone) {
        CheckedExpression orderBy = compiled.expression(s.name(), "order_by");
        io.siyu.expr.Evaluator order = orderBy == null ? null : orderBy.plan(values, asOf, zone);
        boolean[] taken = new boolean[customers];
        double[] position = new double[customers];
        java.util.Arrays.fill(position, Double.NaN);
        List<Profiles.SelectionPick> picks = new ArrayList<>();
        for (String group : s.from()) {
            if (picks.size() >= s.size()) {
                break;
            }
            Flags flags = profiles.flags(group);
            int[] rows = profiles.customers().inIdOrder(flags.members().stream().filter(c -> !taken[c]).toArray());
            long[] keys = new long[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double v = order == null ? 0 : order.number(rows[i]);
                // best first: descending value, nulls last, ties by customer order
                keys[i] = v != v ? -1L : ~RadixSort.ascendingKey(v);
            }
            int[] sorted = RadixSort.sort(rows, keys);
            for (int c : sorted) {
                if (picks.size() >= s.size()) {
                    break;
                }
                taken[c] = true;
                picks.add(new Profiles.SelectionPick(picks.size() + 1, c, group));
                position[c] = picks.size();
            }
        }
        NumberColumn column = new NumberColumn(s.name(), position);
        profiles.putColumn(s.name(), column);
        profiles.putSelection(s.name(), picks);
    }

    /** The fact time field name of a table, e.g. ordered_at. */
    static String timeField(String table) {
        return FactFields.TIME_FIELD.get(table);
    }
}
