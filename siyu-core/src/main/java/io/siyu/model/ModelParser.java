package io.siyu.model;

import io.siyu.expr.Suggestions;
import io.siyu.facts.ColumnType;
import io.siyu.model.Definition.Aggregate;
import io.siyu.model.Definition.AudienceKind;
import io.siyu.model.Definition.ScoreOp;
import io.siyu.model.Definition.StatOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model file into a {@link Model}, collecting every structural problem (unknown keys,
 * missing values, wrong shapes) with its file:line:column before giving up. Expressions are
 * only captured here; {@link ModelCompiler} type-checks them.
 */
public final class ModelParser {
    private static final Set<String> TOP_KEYS = orderedSet("model", "description", "timezone", "identity",
            "attributes", "event_properties", "traits", "derived", "stats", "scores", "points", "stages", "tiers", "tags",
            "segments", "selections");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([dhw])");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String source;
    private final String text;
    private final YamlReader yaml;
    private final List<ModelIssue> issues = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private ModelParser(String source, String text) {
        this.source = source;
        this.text = text;
        this.yaml = new YamlReader(source, text);
    }

    public static Model parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelException(List.of(new ModelIssue(file.toString(), 1, 1,
                    "cannot read model file: " + e.getMessage(), "check the path given to --model", null)));
        }
        return parse(file.toString(), text);
    }

    public static Model parse(String source, String text) {
        return new ModelParser(source, text).parseModel();
    }

    private Model parseModel() {
        YamlNode root = yaml.read(text);
        if (!(root instanceof YamlNode.Mapping top)) {
            throw new ModelException(List.of(issue(root.position(), "a model must be a mapping of sections, found "
                    + root.kindName(), "start with 'model: <name>'")));
        }
        checkKeys(top, TOP_KEYS, "model sections");
        String name = scalar(top, "model", true);
        String description = scalar(top, "description", false);
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        String tz = scalar(top, "timezone", false);
        if (tz != null) {
            try {
                zone = ZoneId.of(tz);
            } catch (DateTimeException e) {
                issues.add(issue(top.get("timezone").position(), "unknown time zone '" + tz + "'",
                        "use a region id such as Asia/Shanghai, Europe/London or UTC"));
            }
        }
        boolean forbidMerge = false;
        if (top.get("identity") != null) {
            YamlNode.Mapping identity = mapping(top.get("identity"), "identity");
            if (identity != null) {
                checkKeys(identity, orderedSet("forbid_unionid_merge"), "identity options");
                forbidMerge = bool(identity, "forbid_unionid_merge", false);
            }
        }
        Map<String, ColumnType> attributes = new LinkedHashMap<>(FactFields.BUILT_IN_ATTRIBUTES);
        attributes.putAll(types(top.get("attributes"), "attributes"));
        Map<String, ColumnType> eventProperties = types(top.get("event_properties"), "event_properties");
        attributes.keySet().forEach(names::add);

        List<Definition> defs = new ArrayList<>();
        section(top, "traits", (n, node) -> defs.add(trait(n, node)));
        section(top, "derived", (n, node) -> defs.add(derived(n, node)));
        section(top, "stats", (n, node) -> defs.add(stat(n, node)));
        section(top, "scores", (n, node) -> defs.add(score(n, node)));
        section(top, "points", (n, node) -> defs.add(points(n, node)));
        section(top, "stages", (n, node) -> defs.add(stage(n, node)));
        section(top, "tiers", (n, node) -> defs.add(tier(n, node)));
        section(top, "tags", (n, node) -> defs.add(audience(n, node, AudienceKind.TAG)));
        section(top, "segments", (n, node) -> defs.add(audience(n, node, AudienceKind.SEGMENT)));
        section(top, "selections", (n, node) -> defs.add(selection(n, node)));
        defs.removeIf(d -> d == null);
        if (defs.isEmpty() && issues.isEmpty()) {
            issues.add(issue(top.position(), "the model defines nothing to compute",
                    "add at least one of traits, tiers, tags or segments"));
        }
        if (!issues.isEmpty()) {
            throw new ModelException(issues);
        }
        return new Model(name, description, zone, forbidMerge, attributes, eventProperties, defs, source, text);
    }

    private interface EntryHandler {
        void handle(YamlNode.Entry entry, YamlNode node);
    }

    private void section(YamlNode.Mapping top, String key, EntryHandler handler) {
        YamlNode node = top.get(key);
        if (node == null) {
            return;
        }
        YamlNode.Mapping m = mapping(node, key);
        if (m == null) {
            return;
        }
        for (YamlNode.Entry e : m.entries().values()) {
            if (!NAME.matcher(e.key()).matches()) {
                issues.add(issue(e.keyPosition(), "'" + e.key() + "' is not a valid name",
                        "names start with a letter or '_' and use only letters, digits and '_' (e.g. paid_orders)"));
                continue;
            }
            if (!names.add(e.key())) {
                issues.add(issue(e.keyPosition(), "the name '" + e.key() + "' is already used",
                        "every trait, score, tier, tag, segment and attribute needs its own name"));
                continue;
            }
            try {
                handler.handle(e, e.value());
            } catch (SkipDefinition ignored) {
                // the issue is already recorded; keep checking the rest of the file
            }
        }
    }

    /** Thrown to abandon one definition after recording why. */
    private static final class SkipDefinition extends RuntimeException {
        SkipDefinition() {
            super(null, null, false, false);
        }
    }

    private Definition trait(YamlNode.Entry e, YamlNode node) {
        YamlNode.Mapping m = requireMapping(node, "trait '" + e.key() + "'",
                "e.g.  paid_orders: { count: orders, where: \"status == 'paid'\" }");
        Set<String> aggKeys = new HashSet<>();
        for (Aggregate a : Aggregate.values()) {
            aggKeys.add(a.key());
        }
        Set<String> allowed = new java.util.LinkedHashSet<>(Arrays.stream(Aggregate.values()).map(Aggregate::key).toList());
        allowed.addAll(List.of("from", "where", "within", "description"));
        checkKeys(m, allowed, "trait keys");
        List<String> present = m.entries().keySet().stream().filter(aggKeys::contains).toList();
        if (present.size() != 1) {
            issues.add(issue(m.position(), present.isEmpty()
                            ? "trait '" + e.key() + "' does not say how to aggregate"
                            : "trait '" + e.key() + "' has more than one aggregate: " + present,
                    "give exactly one of: " + String.join(", ", aggKeys.stream().sorted().toList())));
            throw new SkipDefinition();
        }
        Aggregate agg = Aggregate.valueOf(present.get(0).toUpperCase(Locale.ROOT));
        String arg = scalar(m, present.get(0), true);
        String table;
        String field;
        String from = scalar(m, "from", false);
        if (agg == Aggregate.COUNT) {
            table = from != null ? from : arg;
            field = null;
        } else if ((agg == Aggregate.DAYS_SINCE || agg == Aggregate.FIRST_TIME || agg == Aggregate.LAST_TIME
                || agg == Aggregate.NEXT_DUE) && from == null) {
            table = arg;
            field = null;
        } else {
            table = from;
            field = arg;
            if (table == null) {
                issues.add(issue(m.position(), "trait '" + e.key() + "' needs 'from: <table>'",
                        "e.g. " + agg.key() + ": " + arg + "  from: orders   (tables: " + String.join(", ", FactFields.tables()) + ")"));
                throw new SkipDefinition();
            }
        }
        if (table == null || !FactFields.tables().contains(table)) {
            YamlNode at = m.get("from") != null ? m.get("from") : m.get(present.get(0));
            issues.add(issue(textStart(at), "unknown fact table '" + table + "'",
                    Suggestions.hint(String.valueOf(table), FactFields.tables(), "tables")));
            throw new SkipDefinition();
        }
        return new Definition.Trait(e.key(), e.keyPosition(), agg, table, field, expr(m, "where", false),
                duration(m, "within"), scalar(m, "description", false));
    }

    private Definition derived(YamlNode.Entry e, YamlNode node) {
        if (node instanceof YamlNode.Mapping m) {
            checkKeys(m, orderedSet("expr", "description"), "derived keys");
            return new Definition.Derived(e.key(), e.keyPosition(), expr(m, "expr", true), scalar(m, "description", false));
        }
        return new Definition.Derived(e.key(), e.keyPosition(), exprOf(node, "derived value '" + e.key() + "'"), null);
    }

    private Definition stat(YamlNode.Entry e, YamlNode node) {
        YamlNode.Mapping m = requireMapping(node, "statistic '" + e.key() + "'",
                "e.g.  mean_recency: { mean: days_since_last_paid, where: paid_orders > 0 }");
        Set<String> ops = orderedSet("mean", "median", "quantile", "sum", "count", "min", "max");
        Set<String> allowed = new java.util.LinkedHashSet<>(ops);
        allowed.addAll(List.of("p", "where", "description"));
        checkKeys(m, allowed, "statistic keys");
        String op = single(m, ops, "statistic '" + e.key() + "'");
        double p = Double.NaN;
        if (op.equals("quantile")) {
            p = number(m, "p", true, Double.NaN);
            if (!(p >= 0 && p <= 1)) {
                issues.add(issue(m.get("p") == null ? m.position() : m.get("p").position(),
                        "quantile needs 'p' between 0 and 1", "e.g. p: 0.8 for the 80th percentile"));
            }
        }
        return new Definition.Stat(e.key(), e.keyPosition(), StatOp.valueOf(op.toUpperCase(Locale.ROOT)),
                expr(m, op, true), expr(m, "where", false), p, scalar(m, "description", false));
    }

    private Definition score(YamlNode.Entry e, YamlNode node) {
        YamlNode.Mapping m = requireMapping(node, "score '" + e.key() + "'",
                "e.g.  r_score: { ntile: days_since_last_order, buckets: 5, better: lower }");
        Set<String> ops = orderedSet("ntile", "quantile", "percent_rank", "rank", "composite");
        Set<String> allowed = new java.util.LinkedHashSet<>(ops);
        allowed.addAll(List.of("buckets", "better", "where", "description"));
        checkKeys(m, allowed, "score keys");
        String op = single(m, ops, "score '" + e.key() + "'");
        ScoreOp scoreOp = ScoreOp.valueOf(op.toUpperCase(Locale.ROOT));
        int buckets = 0;
        if (scoreOp == ScoreOp.NTILE || scoreOp == ScoreOp.QUANTILE) {
            buckets = (int) number(m, "buckets", true, 5);
            if (buckets < 2 || buckets > 100) {
                issues.add(issue(m.get("buckets") == null ? m.position() : m.get("buckets").position(),
                        "'buckets' must be a whole number from 2 to 100", "e.g. buckets: 5 for quintiles"));
            }
        }
        boolean higher = better(m);
        ExprText of = null;
        List<Definition.Component> components = List.of();
        if (scoreOp == ScoreOp.COMPOSITE) {
            components = components(m.get("composite"), e.key());
        } else {
            of = expr(m, op, true);
        }
        return new Definition.Score(e.key(), e.keyPosition(), scoreOp, of, buckets, higher,
                expr(m, "where", false), components, scalar(m, "description", false));
    }

    private List<Definition.Component> components(YamlNode node, String scoreName) {
        YamlNode.Mapping m = requireMapping(node, "composite of score '" + scoreName + "'",
                "e.g. composite: { consumption: { of: paid_amount, weight: 0.4 }, social: { of: shares, weight: 0.2 } }");
        List<Definition.Component> out = new ArrayList<>();
        for (YamlNode.Entry d : m.entries().values()) {
            YamlNode.Mapping dm = requireMapping(d.value(), "dimension '" + d.key() + "'",
                    "e.g. " + d.key() + ": { of: paid_amount, weight: 0.4 }");
            checkKeys(dm, orderedSet("of", "weight", "better"), "dimension keys");
            double weight = number(dm, "weight", true, 1);
            if (!(weight > 0)) {
                issues.add(issue(dm.position(), "weight of '" + d.key() + "' must be positive", null));
            }
            out.add(new Definition.Component(d.key(), expr(dm, "of", true), weight, better(dm)));
        }
        if (out.isEmpty()) {
            issues.add(issue(m.position(), "a composite needs at least one dimension", null));
        }
        return out;
    }

    private boolean better(YamlNode.Mapping m) {
        String better = scalar(m, "better", false);
        if (better == null || better.equals("higher")) {
            return true;
        }
        if (!better.equals("lower")) {
            issues.add(issue(m.get("better").position(), "'better' must be 'higher' or 'lower', not '" + better + "'",
                    "say which end of the value is the best customer (recency: lower)"));
        }
        return false;
    }

    private Definition points(YamlNode.Entry e, YamlNode node) {
        YamlNode.Mapping m = requireMapping(node, "points plan '" + e.key() + "'",
                "e.g.  behaviour_score: { rules: [ { event: article_read, points: 1, daily_cap: 5 } ], cap: 100 }");
        checkKeys(m, orderedSet("rules", "cap", "expire_after", "description"), "points plan keys");
        YamlNode rulesNode = m.get("rules");
        if (!(rulesNode instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            issues.add(issue(rulesNode == null ? m.position() : rulesNode.position(),
                    "points plan '" + e.key() + "' needs a list of rules",
                    "rules:\n      - { event: moments_link_click, points: 2, daily_cap: 6 }"));
            throw new SkipDefinition();
        }
        List<Definition.PointRule> rules = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            YamlNode.Mapping r = requireMapping(item, "a points rule", "e.g. - { event: article_read, points: 1 }");
            checkKeys(r, orderedSet("event", "points", "daily_cap", "where"), "points rule keys");
            rules.add(new Definition.PointRule(scalar(r, "event", true), number(r, "points", true, 0),
                    number(r, "daily_cap", false, Double.POSITIVE_INFINITY), expr(r, "where", false)));
        }
        return new Definition.Points(e.key(), e.keyPosition(), rules, number(m, "cap", false, Double.POSITIVE_INFINITY),
                duration(m, "expire_after"), scalar(m, "description", false));
    }

    private Definition tier(YamlNode.Entry e, YamlNode node) {
        YamlNode.Mapping m = requireMapping(node, "tier '" + e.key() + "'",
                "e.g.  value_tier: { rules: [ { VIP: \"spend > 1000\" } ], default: 普通 }");
        checkKeys(m, orderedSet("rules", "default", "default_label", "description"), "tier keys");
        YamlNode rulesNode = m.get("rules");
        if (!(rulesNode instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            issues.add(issue(rulesNode == null ? m.position() : rulesNode.position(),
                    "tier '" + e.key() + "' needs a list of rules, first match wins",
                    "rules:\n      - 重要价值客户: r_high and f_high and m_high"));
            throw new SkipDefinition();
        }
        List<Definition.TierRule> rules = new ArrayList<>();
        Set<String> values = new HashSet<>();
        for (YamlNode item : seq.items()) {
            YamlNode.Mapping r = requireMapping(item, "a tier rule",
                    "write '- <tier value>: <condition>' or '- { value: ..., when: ..., label: ... }'");
            Definition.TierRule rule;
            if (r.get("when") != null || r.get("value") != null) {
                checkKeys(r, orderedSet("value", "when", "label"), "tier rule keys");
                rule = new Definition.TierRule(scalar(r, "value", true), expr(r, "when", true), scalar(r, "label", false));
            } else if (r.entries().size() == 1) {
                YamlNode.Entry only = r.entries().values().iterator().next();
                rule = new Definition.TierRule(only.key(), exprOf(only.value(), "tier rule '" + only.key() + "'"), null);
            } else {
                issues.add(issue(r.position(), "a tier rule must be '<value>: <condition>' or have 'value' and 'when'",
                        "split it into one list item per tier value"));
                continue;
            }
            if (rule.value() != null && !values.add(rule.value())) {
                issues.add(issue(r.position(), "tier value '" + rule.value() + "' appears twice in '" + e.key() + "'",
                        "the first matching rule wins, so a second rule for the same value is never used; merge them with 'or'"));
            }
            rules.add(rule);
        }
        String def = scalar(m, "default", false);
        if (def == null) {
            issues.add(issue(e.keyPosition(), "tier '" + e.key() + "' has no 'default'",
                    "add 'default: <value>' so every customer gets exactly one " + e.key()));
        }
        return new Definition.Tier(e.key(), e.keyPosition(), rules, def, scalar(m, "default_label", false),
                scalar(m, "description", false));
    }

    private Definition stage(YamlNode.Entry e, YamlNode node) {
        YamlNode.Mapping m = requireMapping(node, "stage '" + e.key() + "'",
                "e.g.  lead_grade: { values: [S, A, B, C], start: C, up: [ { event: test_drive_form, to: S } ] }");
        checkKeys(m, orderedSet("values", "start", "labels", "set_by", "up", "down", "description"), "stage keys");
        if (!names.add(e.key() + "_since")) {
            issues.add(issue(e.keyPosition(), "the name '" + e.key() + "_since' is already used",
                    "a stage also defines <name>_since (when the current stage was entered); rename one of them"));
        }
        List<String> values = new ArrayList<>();
        YamlNode valuesNode = m.get("values");
        if (valuesNode instanceof YamlNode.Sequence seq && seq.items().size() >= 2) {
            for (YamlNode item : seq.items()) {
                String v = item instanceof YamlNode.Scalar sc ? sc.text() : null;
                if (v == null || v.isBlank()) {
                    issues.add(issue(item.position(), "a stage value must be a single word or name", "e.g. values: [S, A, B, C]"));
                } else if (values.contains(v)) {
                    issues.add(issue(item.position(), "stage value '" + v + "' appears twice", "list each value once, best first"));
                } else {
                    values.add(v);
                }
            }
        } else {
            issues.add(issue(valuesNode == null ? m.position() : valuesNode.position(),
                    "stage '" + e.key() + "' needs 'values': at least two, best first", "e.g. values: [S, A, B, C]"));
            throw new SkipDefinition();
        }
        String start = scalar(m, "start", false);
        if (start == null) {
            start = values.get(values.size() - 1);
        } else {
            stageValue(values, start, m.get("start"), "start");
        }
        java.util.Map<String, String> labels = new LinkedHashMap<>();
        if (m.get("labels") != null) {
            YamlNode.Mapping l = mapping(m.get("labels"), "labels");
            if (l != null) {
                for (YamlNode.Entry le : l.entries().values()) {
                    if (stageValue(values, le.key(), le.value(), "labels")) {
                        labels.put(le.key(), le.value() instanceof YamlNode.Scalar sc ? sc.text() : null);
                    }
                }
            }
        }
        String setByEvent = null;
        String setByField = null;
        if (m.get("set_by") != null) {
            YamlNode.Mapping sb = requireMapping(m.get("set_by"), "'set_by'", "e.g. set_by: { event: lead_graded, field: grade }");
            checkKeys(sb, orderedSet("event", "field"), "set_by keys");
            setByEvent = scalar(sb, "event", true);
            setByField = scalar(sb, "field", true);
        }
        List<Definition.StageUp> up = new ArrayList<>();
        for (YamlNode item : list(m, "up", "up:\n      - { event: test_drive_form, to: S }")) {
            YamlNode.Mapping r = requireMapping(item, "an 'up' rule", "e.g. - { event: test_drive_form, to: S }");
            checkKeys(r, orderedSet("event", "to"), "up rule keys");
            String to = scalar(r, "to", true);
            if (to != null) {
                stageValue(values, to, r.get("to"), "to");
            }
            up.add(new Definition.StageUp(scalar(r, "event", true), to));
        }
        List<Definition.StageDown> down = new ArrayList<>();
        for (YamlNode item : list(m, "down", "down:\n      - { from: S, to: A, after: 7d }")) {
            YamlNode.Mapping r = requireMapping(item, "a 'down' rule", "e.g. - { from: S, to: A, after: 7d }");
            checkKeys(r, orderedSet("from", "to", "after", "counted_from", "unless"), "down rule keys");
            List<String> from = new ArrayList<>();
            YamlNode fromNode = r.get("from");
            if (fromNode instanceof YamlNode.Sequence fs) {
                fs.items().forEach(i -> from.add(i instanceof YamlNode.Scalar sc ? sc.text() : null));
            } else if (fromNode instanceof YamlNode.Scalar sc && sc.text() != null) {
                from.add(sc.text());
            } else {
                issues.add(issue(fromNode == null ? r.position() : fromNode.position(), "a 'down' rule needs 'from': the stages it leaves",
                        "e.g. from: S   or   from: [S, A]"));
            }
            String to = scalar(r, "to", true);
            boolean valid = to != null && stageValue(values, to, r.get("to"), "to");
            for (String f : from) {
                if (stageValue(values, f, fromNode, "from") && valid && values.indexOf(f) >= values.indexOf(to)) {
                    issues.add(issue(r.position(), "a 'down' rule must move down: '" + f + "' → '" + to
                                    + "' does not (values are listed best first: " + String.join(", ", values) + ")",
                            "stages go up only on the events under 'up'"));
                }
            }
            Duration after = duration(r, "after");
            if (after == null && r.get("after") == null) {
                issues.add(issue(r.position(), "a 'down' rule needs 'after': how long before it moves", "e.g. after: 7d"));
            }
            String countedFrom = scalar(r, "counted_from", false);
            if (countedFrom != null && !countedFrom.equals("added") && !countedFrom.equals("entry")) {
                issues.add(issue(r.get("counted_from").position(), "'counted_from' is 'entry' or 'added', not '" + countedFrom + "'",
                        "entry: from entering the stage (the default); added: from the customer's registered_at"));
            }
            down.add(new Definition.StageDown(from, to, after, "added".equals(countedFrom), scalar(r, "unless", false)));
        }
        if (up.isEmpty() && down.isEmpty() && setByEvent == null) {
            issues.add(issue(e.keyPosition(), "stage '" + e.key() + "' never moves",
                    "add 'up' events, 'down' timers or 'set_by' (or use a tier)"));
        }
        return new Definition.Stage(e.key(), e.keyPosition(), List.copyOf(values), start, setByEvent, setByField,
                up, down, labels, scalar(m, "description", false));
    }

    private boolean stageValue(List<String> values, String value, YamlNode at, String key) {
        if (values.contains(value)) {
            return true;
        }
        issues.add(issue(at == null ? new YamlNode.Position(1, 1) : at.position(), "'" + key + "': '" + value
                + "' is not one of the stage's values", Suggestions.hint(value, values, "stage values")));
        return false;
    }

    private List<YamlNode> list(YamlNode.Mapping m, String key, String example) {
        YamlNode node = m.get(key);
        if (node == null) {
            return List.of();
        }
        if (node instanceof YamlNode.Sequence seq) {
            return seq.items();
        }
        issues.add(issue(node.position(), "'" + key + "' must be a list, found " + node.kindName(), example));
        return List.of();
    }

    private Definition audience(YamlNode.Entry e, YamlNode node, AudienceKind kind) {
        if (node instanceof YamlNode.Mapping m) {
            checkKeys(m, orderedSet("when", "description"), kind == AudienceKind.TAG ? "tag keys" : "segment keys");
            return new Definition.Audience(e.key(), e.keyPosition(), kind, expr(m, "when", true), scalar(m, "description", false));
        }
        return new Definition.Audience(e.key(), e.keyPosition(), kind, exprOf(node, kind.name().toLowerCase(Locale.ROOT)
                + " '" + e.key() + "'"), null);
    }

    private Definition selection(YamlNode.Entry e, YamlNode node) {
        YamlNode.Mapping m = requireMapping(node, "selection '" + e.key() + "'",
                "e.g.  new_product_test: { size: 100, from: [high_interaction, high_spread, super_user], order_by: interactions }");
        checkKeys(m, orderedSet("size", "from", "order_by", "description"), "selection keys");
        int size = (int) number(m, "size", true, 0);
        if (size < 1) {
            issues.add(issue(m.get("size") == null ? m.position() : m.get("size").position(),
                    "'size' must be a positive whole number", "e.g. size: 100"));
        }
        List<String> from = new ArrayList<>();
        YamlNode fromNode = m.get("from");
        if (fromNode instanceof YamlNode.Sequence seq && !seq.items().isEmpty()) {
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Scalar s && s.text() != null) {
                    from.add(s.text());
                } else {
                    issues.add(issue(item.position(), "'from' lists tag or segment names", "e.g. from: [high_interaction, super_user]"));
                }
            }
        } else {
            issues.add(issue(fromNode == null ? m.position() : fromNode.position(),
                    "selection '" + e.key() + "' needs 'from': the tags or segments to pick from, in priority order",
                    "e.g. from: [high_interaction, high_spread, super_user]"));
        }
        return new Definition.Selection(e.key(), e.keyPosition(), size, from, expr(m, "order_by", false),
                scalar(m, "description", false));
    }

    // ---- small readers -------------------------------------------------------------------

    private Map<String, ColumnType> types(YamlNode node, String section) {
        Map<String, ColumnType> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        YamlNode.Mapping m = mapping(node, section);
        if (m == null) {
            return out;
        }
        for (YamlNode.Entry e : m.entries().values()) {
            String t = e.value() instanceof YamlNode.Scalar s ? s.text() : null;
            try {
                out.put(e.key(), ColumnType.valueOf(String.valueOf(t).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException ex) {
                issues.add(issue(e.value().position(), "unknown type '" + t + "' for '" + e.key() + "'",
                        "use one of: number, string, time, bool"));
            }
        }
        return out;
    }

    private String single(YamlNode.Mapping m, Set<String> options, String what) {
        List<String> present = m.entries().keySet().stream().filter(options::contains).toList();
        if (present.size() != 1) {
            issues.add(issue(m.position(), present.isEmpty() ? what + " does not say what to compute"
                    : what + " has more than one of " + present, "give exactly one of: " + String.join(", ", options)));
            throw new SkipDefinition();
        }
        return present.get(0);
    }

    private YamlNode.Mapping requireMapping(YamlNode node, String what, String example) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        issues.add(issue(node.position(), what + " must be a mapping, found " + node.kindName(), example));
        throw new SkipDefinition();
    }

    private YamlNode.Mapping mapping(YamlNode node, String section) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        if (node instanceof YamlNode.Scalar s && s.text() == null) {
            return null;
        }
        issues.add(issue(node.position(), "'" + section + "' must be a mapping of names, found " + node.kindName(),
                "write one 'name: ...' per line under '" + section + ":'"));
        return null;
    }

    private void checkKeys(YamlNode.Mapping m, Set<String> allowed, String what) {
        for (YamlNode.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                issues.add(issue(e.keyPosition(), "unknown key '" + e.key() + "'", Suggestions.hint(e.key(), allowed, what)));
            }
        }
    }

    private String scalar(YamlNode.Mapping m, String key, boolean required) {
        YamlNode node = m.get(key);
        if (node == null) {
            if (required) {
                issues.add(issue(m.position(), "missing '" + key + "'", "add '" + key + ": ...'"));
            }
            return null;
        }
        if (node instanceof YamlNode.Scalar s) {
            if (s.text() == null && required) {
                issues.add(issue(node.position(), "'" + key + "' is empty", "give it a value"));
            }
            return s.text();
        }
        issues.add(issue(node.position(), "'" + key + "' must be a single value, found " + node.kindName(), null));
        return null;
    }

    private double number(YamlNode.Mapping m, String key, boolean required, double fallback) {
        String s = scalar(m, key, required);
        if (s == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException ex) {
            issues.add(issue(m.get(key).position(), "'" + key + "' must be a number, not '" + s + "'", null));
            return fallback;
        }
    }

    private boolean bool(YamlNode.Mapping m, String key, boolean fallback) {
        String s = scalar(m, key, false);
        if (s == null) {
            return fallback;
        }
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        issues.add(issue(m.get(key).position(), "'" + key + "' must be true or false, not '" + s + "'", null));
        return fallback;
    }

    private Duration duration(YamlNode.Mapping m, String key) {
        String s = scalar(m, key, false);
        if (s == null) {
            return null;
        }
        Matcher matcher = DURATION.matcher(s.strip());
        if (!matcher.matches()) {
            issues.add(issue(m.get(key).position(), "'" + key + "' must be a duration like 30d, 12h or 2w, not '" + s + "'",
                    "d = days, h = hours, w = weeks; windows end at the as-of instant"));
            return null;
        }
        long n = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
    }

    private ExprText expr(YamlNode.Mapping m, String key, boolean required) {
        YamlNode node = m.get(key);
        if (node == null) {
            if (required) {
                issues.add(issue(m.position(), "missing '" + key + "'", "add '" + key + ": <expression>'"));
            }
            return null;
        }
        return exprOf(node, "'" + key + "'");
    }

    private ExprText exprOf(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.text() != null && !s.text().isBlank()) {
            return new ExprText(s.text().strip(), source, s.textStart().line(), s.textStart().column(), s.continuationIndent());
        }
        issues.add(issue(node.position(), what + " must be an expression, found "
                + (node instanceof YamlNode.Scalar ? "nothing" : node.kindName()),
                "e.g. paid_orders > 0 and days_since_last_order <= 30"));
        throw new SkipDefinition();
    }

    private YamlNode.Position textStart(YamlNode node) {
        return node instanceof YamlNode.Scalar s ? s.textStart() : node.position();
    }

    private ModelIssue issue(YamlNode.Position pos, String message, String hint) {
        return yaml.issue(pos.line(), pos.column(), message, hint);
    }

    private static Set<String> orderedSet(String... values) {
        return new java.util.LinkedHashSet<>(Arrays.asList(values));
    }
}
