package io.siyu.engine;

import io.siyu.facts.Column;
import io.siyu.facts.FactTable;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.TimeColumn;
import io.siyu.facts.PersonRef;
import io.siyu.model.Definition;
import io.siyu.model.FactFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds the {@link Explanation} of one customer from a finished evaluation. */
public final class Explainer {
    private static final int MAX_FACTS = 12;

    private Explainer() {}

    public static Explanation explain(Profiles profiles, int customer) {
        CompiledModel compiled = profiles.model();
        long asOf = profiles.asOf().getEpochSecond();
        List<Explanation.Item> items = new ArrayList<>();
        for (Definition d : compiled.order()) {
            String value = display(profiles, d.name(), customer);
            if (d instanceof Definition.Trait t) {
                items.add(new Explanation.Item(d.name(), "trait", value, describe(t), traitFacts(profiles, t, customer, asOf)));
            } else if (d instanceof Definition.Derived x) {
                items.add(new Explanation.Item(d.name(), "derived", value, x.expression().text(),
                        inputs(profiles, compiled.uses().get(d.name()), customer)));
            } else if (d instanceof Definition.Stat s) {
                items.add(new Explanation.Item(d.name(), "statistic", value,
                        s.op().name().toLowerCase() + " of " + s.of().text() + (s.where() == null ? "" : " where " + s.where().text())
                                + " over all customers", List.of()));
            } else if (d instanceof Definition.Score s) {
                items.add(new Explanation.Item(d.name(), "score", value, describe(s),
                        inputs(profiles, compiled.uses().get(d.name()), customer)));
            } else if (d instanceof Definition.Points p) {
                List<String> because = new ArrayList<>();
                p.rules().forEach(r -> because.add(r.eventType() + ": " + NumberColumn.formatNumber(r.points()) + " points each"
                        + (Double.isInfinite(r.dailyCap()) ? "" : ", at most " + NumberColumn.formatNumber(r.dailyCap()) + " a day")));
                items.add(new Explanation.Item(d.name(), "points", value, "cap " + NumberColumn.formatNumber(p.cap())
                        + (p.expireAfter() == null ? "" : ", points expire after " + p.expireAfter().toDays() + " days"), because));
            } else if (d instanceof Definition.Tier t) {
                items.add(tierItem(profiles, t, customer, asOf));
            } else if (d instanceof Definition.Stage s) {
                List<String> because = new ArrayList<>();
                because.add("in " + value + " since " + display(profiles, s.sinceName(), customer));
                because.add("starts at " + s.start() + " when the customer is added (registered_at)");
                if (s.setByEvent() != null) {
                    because.add("set by event " + s.setByEvent() + " (its field " + s.setByField() + ")");
                }
                s.up().forEach(u -> because.add("up to " + u.to() + " on event " + u.eventType()));
                s.down().forEach(dn -> because.add("down " + dn.from() + " → " + dn.to() + " after " + dn.after().toDays()
                        + " days " + (dn.fromAdded() ? "from being added" : "in the stage")
                        + (dn.unless() == null ? "" : " unless a " + dn.unless() + " event came")));
                items.add(new Explanation.Item(d.name(), "stage", value, "values best first: " + String.join(", ", s.values())
                        + (s.labelOf(value) == null ? "" : " — " + s.labelOf(value)), because));
            } else if (d instanceof Definition.Audience a) {
                items.add(new Explanation.Item(d.name(), a.kindName(), value, a.when().text(),
                        inputs(profiles, compiled.uses().get(d.name()), customer)));
            } else if (d instanceof Definition.Selection s) {
                String from = profiles.selections().get(s.name()).stream().filter(p -> p.customer() == customer)
                        .map(p -> "picked at position " + p.position() + " from " + p.fromGroup()).findFirst()
                        .orElse("not picked");
                items.add(new Explanation.Item(d.name(), "selection", value, "from " + s.from() + ", best first by "
                        + (s.orderBy() == null ? "customer id" : s.orderBy().text()), List.of(from)));
            }
        }
        List<String> ids = profiles.customers().identities(customer).stream().map(PersonRef::toString).toList();
        return new Explanation(profiles.customers().id(customer), ids, items);
    }

    private static Explanation.Item tierItem(Profiles profiles, Definition.Tier t, int customer, long asOf) {
        CompiledModel compiled = profiles.model();
        List<String> because = new ArrayList<>();
        String rule = "default";
        for (int i = 0; i < t.rules().size(); i++) {
            Definition.TierRule r = t.rules().get(i);
            CheckedExpression e = compiled.expression(t.name(), "rules[" + i + "]");
            boolean holds = e.planPredicate(profiles, asOf, compiled.model().zone()).test(customer);
            because.add("rule " + (i + 1) + " " + r.value() + ": " + r.when().text() + " → " + holds
                    + "   (" + String.join(", ", inputs(profiles, e.references(), customer)) + ")");
            if (holds) {
                rule = "first matching rule " + (i + 1) + ": " + r.value() + (r.label() == null ? "" : " — " + r.label());
                break;
            }
        }
        if (rule.equals("default")) {
            rule = "no rule holds, so the default: " + t.defaultValue();
        }
        return new Explanation.Item(t.name(), "tier", display(profiles, t.name(), customer), rule, because);
    }

    private static List<String> inputs(Profiles profiles, Set<String> names, int customer) {
        List<String> out = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                out.add(n + " = " + display(profiles, n, customer));
            }
        }
        return out;
    }

    private static String display(Profiles profiles, String name, int customer) {
        String s = profiles.format(name, customer);
        return s.isEmpty() ? "null" : s;
    }

    private static String describe(Definition.Trait t) {
        StringBuilder s = new StringBuilder(t.aggregate().key());
        if (t.field() != null) {
            s.append(' ').append(t.field());
        }
        s.append(" of ").append(t.table());
        if (t.where() != null) {
            s.append(" where ").append(t.where().text());
        }
        if (t.within() != null) {
            s.append(" within the last ").append(t.within().toDays() > 0 ? t.within().toDays() + " days" : t.within().toHours() + " hours");
        }
        return s.append(" up to as-of").toString();
    }

    private static String describe(Definition.Score s) {
        String base = s.op().name().toLowerCase() + (s.of() == null ? "" : " of " + s.of().text());
        if (s.op() == Definition.ScoreOp.NTILE || s.op() == Definition.ScoreOp.QUANTILE) {
            base += " in " + s.buckets() + " buckets (" + s.buckets() + " = best)";
        }
        if (s.op() == Definition.ScoreOp.COMPOSITE) {
            base += " " + s.components().stream().map(c -> c.name() + "×" + NumberColumn.formatNumber(c.weight())).toList();
        }
        return base + ", " + (s.higherIsBetter() ? "higher is better" : "lower is better");
    }

    /** The facts of this customer that the trait counted (most recent first, at most a dozen). */
    private static List<String> traitFacts(Profiles profiles, Definition.Trait t, int customer, long asOf) {
        FactTable table = profiles.dataset().table(t.table());
        if (table == null) {
            return List.of("no " + t.table() + " in this data set");
        }
        CompiledModel compiled = profiles.model();
        CheckedExpression where = compiled.expression(t.name(), "where");
        RowPredicate filter = where == null ? RowPredicate.ALWAYS
                : where.planPredicate(FactBindings.of(table, compiled.model(), compiled.model().zone()), asOf, compiled.model().zone());
        long lower = t.within() == null ? Long.MIN_VALUE : asOf - t.within().getSeconds();
        int[] rows = table.rowsOf(customer);
        List<String> facts = new ArrayList<>();
        int counted = 0;
        for (int i = rows.length - 1; i >= 0; i--) {
            int r = rows[i];
            long time = table.times()[r];
            if (time > asOf || time <= lower || !filter.test(r)) {
                continue;
            }
            counted++;
            if (facts.size() < MAX_FACTS) {
                facts.add(describeRow(table, r, compiled.model().zone()));
            }
        }
        List<String> out = new ArrayList<>();
        out.add(counted + " of " + t.table() + " counted" + (counted > MAX_FACTS ? " (latest " + MAX_FACTS + " shown)" : ""));
        facts.forEach(f -> out.add("  " + f));
        return out;
    }

    private static String describeRow(FactTable table, int row, java.time.ZoneId zone) {
        StringBuilder s = new StringBuilder();
        s.append(Instant.ofEpochSecond(table.times()[row]).atZone(zone).toLocalDateTime());
        String id = table.id(row);
        if (id != null && !id.startsWith("#")) {
            s.append("  id=").append(id);
        }
        for (Column c : table.columns().values()) {
            if (row < c.size() && !c.isNull(row) && !(c instanceof TimeColumn)) {
                String v = c.format(row);
                s.append("  ").append(c.name()).append('=').append(v.length() > 40 ? v.substring(0, 40) + "…" : v);
            }
        }
        return s.toString();
    }

    static String timeFieldOf(String table) {
        return FactFields.TIME_FIELD.get(table);
    }
}
