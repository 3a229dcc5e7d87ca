package io.siyu.model;

import java.time.Duration;
import java.util.List;

/**
 * A named thing a model computes for every customer. All definitions share one namespace, so
 * any expression can use any other definition by name; the compiler orders them by use.
 */
public sealed interface Definition {
    String name();

    YamlNode.Position position();

    /** The section it was written in, for messages: "trait", "tier" … */
    String kindName();

    /** Whether customers move in and out of it — a tier, stage, tag or segment — so playbooks can react. */
    static boolean isLayer(Definition d) {
        return d instanceof Exclusive || d instanceof Audience;
    }

    /** How to aggregate facts of one customer into a trait (特征). */
    enum Aggregate {
        COUNT, SUM, MIN, MAX, AVG, FIRST, LAST, DISTINCT_COUNT, DAYS_SINCE, FIRST_TIME, LAST_TIME, NEXT_DUE;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An aggregate over one fact table: {@code count: orders}, {@code sum: amount} {@code from: orders},
     * with an optional row filter and a window relative to the as-of instant.
     */
    record Trait(String name, YamlNode.Position position, Aggregate aggregate, String table, String field,
                 ExprText where, Duration within, String description) implements Definition {
        public String kindName() {
            return "trait";
        }
    }

    /** A value computed from other values of the same customer. */
    record Derived(String name, YamlNode.Position position, ExprText expression, String description)
            implements Definition {
        public String kindName() {
            return "derived value";
        }
    }

    enum StatOp { MEAN, MEDIAN, QUANTILE, SUM, COUNT, MIN, MAX }

    /** One number over the whole population (a mean, a quantile …), the same for every customer. */
    record Stat(String name, YamlNode.Position position, StatOp op, ExprText of, ExprText where, double p,
                String description) implements Definition {
        public String kindName() {
            return "population statistic";
        }
    }

    enum ScoreOp { NTILE, QUANTILE, PERCENT_RANK, RANK, COMPOSITE }

    /** One dimension of a composite rank: its percent rank times its weight. */
    record Component(String name, ExprText of, double weight, boolean higherIsBetter) {}

    /** A customer's place in the population: n-tile bucket, percentile rank, rank, or composite. */
    record Score(String name, YamlNode.Position position, ScoreOp op, ExprText of, int buckets,
                 boolean higherIsBetter, ExprText where, List<Component> components, String description)
            implements Definition {
        public String kindName() {
            return "score";
        }
    }

    /** Points per event type, capped per day and in total, forgotten after a while (积分). */
    record PointRule(String eventType, double points, double dailyCap, ExprText where) {}

    record Points(String name, YamlNode.Position position, List<PointRule> rules, double cap, Duration expireAfter,
                  String description) implements Definition {
        public String kindName() {
            return "points plan";
        }
    }

    /** A definition that puts every customer in exactly one of a list of values: a tier or a stage. */
    sealed interface Exclusive extends Definition permits Tier, Stage {
        /** Every value, in the order reports list them. */
        List<String> values();

        /** The description of a value, or null. */
        String labelOf(String value);
    }

    record TierRule(String value, ExprText when, String label) {}

    /** Exclusive layers (分层): the first rule that holds names the customer's tier; else the default. */
    record Tier(String name, YamlNode.Position position, List<TierRule> rules, String defaultValue,
                String defaultLabel, String description) implements Exclusive {
        public String kindName() {
            return "tier";
        }

        public List<String> values() {
            java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
            rules.forEach(r -> out.add(r.value()));
            out.add(defaultValue);
            return List.copyOf(out);
        }

        public String labelOf(String value) {
            for (TierRule r : rules) {
                if (r.value().equals(value)) {
                    return r.label();
                }
            }
            return value.equals(defaultValue) ? defaultLabel : null;
        }

        public boolean hasLabels() {
            return defaultLabel != null || rules.stream().anyMatch(r -> r.label() != null);
        }
    }

    /** An event that moves a stage up to {@code to} (or keeps it there and restarts its clock). */
    record StageUp(String eventType, String to) {}

    /**
     * A timed move down: a customer in one of {@code from} for {@code after} — counted from
     * entering that stage, or from being added when {@code fromAdded} — moves to {@code to},
     * unless an event of type {@code unless} came in that time.
     */
    record StageDown(List<String> from, String to, Duration after, boolean fromAdded, String unless) {}

    /**
     * A stage (阶段) that moves only as written, e.g. the S/A/B/C lead grade (意向等级): it starts at
     * {@code start} when the customer is added, is set by a grading event's field ({@code setByEvent}
     * / {@code setByField}), goes up only on the listed events and down only by timers. Path
     * dependent, yet a pure function of the customer's events and the as-of instant; the time the
     * current value was entered is the value {@code <name>_since}.
     */
    record Stage(String name, YamlNode.Position position, List<String> values, String start, String setByEvent,
                 String setByField, List<StageUp> up, List<StageDown> down, java.util.Map<String, String> labels,
                 String description) implements Exclusive {
        public String kindName() {
            return "stage";
        }

        public String labelOf(String value) {
            return labels.get(value);
        }

        /** Position in {@link #values()}: 0 is the best stage. */
        public int rank(String value) {
            return values.indexOf(value);
        }

        public String sinceName() {
            return name + "_since";
        }
    }

    enum AudienceKind { TAG, SEGMENT }

    /** A yes/no membership: an overlapping tag (标签) or a named audience (人群). */
    record Audience(String name, YamlNode.Position position, AudienceKind audienceKind, ExprText when,
                    String description) implements Definition {
        public String kindName() {
            return audienceKind == AudienceKind.TAG ? "tag" : "segment";
        }
    }

    /**
     * Pick up to {@code size} customers from the listed tags/segments in priority order,
     * each customer once, best first within a group by {@code orderBy}.
     */
    record Selection(String name, YamlNode.Position position, int size, List<String> from, ExprText orderBy,
                     String description) implements Definition {
        public String kindName() {
            return "selection";
        }
    }
}
