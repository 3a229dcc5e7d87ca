package io.siyu.engine;

import io.siyu.expr.ExprException;
import io.siyu.expr.ExprIssue;
import io.siyu.expr.Schema;
import io.siyu.facts.ColumnType;
import io.siyu.model.Definition;
import io.siyu.model.ExprText;
import io.siyu.model.FactFields;
import io.siyu.model.Model;
import io.siyu.model.ModelException;
import io.siyu.model.ModelIssue;
import io.siyu.expr.Suggestions;
import io.siyu.model.YamlNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed model — every expression against the names and types it may use, every trait
 * field against its table, no definition using itself — and orders the definitions so each is
 * computed after what it uses. All problems are reported together, each with file:line:column.
 */
public final class ModelCompiler {
    private final Model model;
    private final Map<String, Definition> byName = new LinkedHashMap<>();
    private final Map<String, ColumnType> types = new LinkedHashMap<>();
    private final Map<String, CheckedExpression> expressions = new LinkedHashMap<>();
    private final Map<String, Set<String>> uses = new HashMap<>();
    private final List<String> inProgress = new ArrayList<>();
    private final Set<String> failed = new java.util.HashSet<>();
    private final List<ModelIssue> issues = new ArrayList<>();
    private final String[] lines;

    private ModelCompiler(Model model) {
        this.model = model;
        this.lines = model.text().split("\r?\n", -1);
        model.definitions().forEach(d -> byName.put(d.name(), d));
        types.putAll(model.attributes());
    }

    public static CompiledModel compile(Model model) {
        return new ModelCompiler(model).run();
    }

    private CompiledModel run() {
        for (Definition d : model.definitions()) {
            resolve(d.name(), d.position());
        }
        if (!issues.isEmpty()) {
            throw new ModelException(issues);
        }
        List<Definition> order = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        for (Definition d : model.definitions()) {
            place(d.name(), placed, order);
        }
        return new CompiledModel(model, order, types, expressions, uses);
    }

    private void place(String name, Set<String> placed, List<Definition> order) {
        Definition d = byName.get(name);
        if (d == null || placed.contains(name)) {
            return;
        }
        placed.add(name);
        for (String used : uses.getOrDefault(name, Set.of())) {
            place(used, placed, order);
        }
        order.add(d);
    }

    /** The type of a name, checking its definition first if needed; null if unknown or broken. */
    private ColumnType resolve(String name, YamlNode.Position usedAt) {
        ColumnType known = types.get(name);
        if (known != null || failed.contains(name)) {
            return known;
        }
        Definition d = byName.get(name);
        if (d == null) {
            Definition.Stage stage = stageOfSince(name);
            return stage != null && resolve(stage.name(), usedAt) != null ? ColumnType.TIME : null;
        }
        if (inProgress.contains(name)) {
            List<String> cycle = new ArrayList<>(inProgress.subList(inProgress.indexOf(name), inProgress.size()));
            cycle.add(name);
            issues.add(issue(d.position().line(), d.position().column(),
                    d.kindName() + " '" + name + "' depends on itself: " + String.join(" → ", cycle),
                    "break the cycle: one of these must be computed from facts or attributes only"));
            failed.add(name);
            return null;
        }
        inProgress.add(name);
        int before = issues.size();
        ColumnType type = check(d);
        inProgress.remove(inProgress.size() - 1);
        if (type == null || issues.size() > before) {
            failed.add(name);
            return type;
        }
        types.put(name, type);
        return type;
    }

    private ColumnType check(Definition d) {
        Set<String> used = new LinkedHashSet<>();
        uses.put(d.name(), used);
        if (d instanceof Definition.Trait t) {
            return checkTrait(t);
        }
        if (d instanceof Definition.Derived x) {
            CheckedExpression e = customerExpr(d.name(), "expr", x.expression(), null, used);
            return e == null ? null : e.type();
        }
        if (d instanceof Definition.Stat s) {
            customerExpr(d.name(), "of", s.of(), ColumnType.NUMBER, used);
            customerExpr(d.name(), "where", s.where(), ColumnType.BOOL, used);
            return ColumnType.NUMBER;
        }
        if (d instanceof Definition.Score s) {
            customerExpr(d.name(), "of", s.of(), ColumnType.NUMBER, used);
            customerExpr(d.name(), "where", s.where(), ColumnType.BOOL, used);
            for (Definition.Component c : s.components()) {
                customerExpr(d.name(), "composite." + c.name(), c.of(), ColumnType.NUMBER, used);
            }
            return ColumnType.NUMBER;
        }
        if (d instanceof Definition.Points p) {
            for (int i = 0; i < p.rules().size(); i++) {
                factExpr(d.name(), "rules[" + i + "].where", p.rules().get(i).where(), "events");
            }
            return ColumnType.NUMBER;
        }
        if (d instanceof Definition.Stage s) {
            if (s.setByField() != null && model.eventProperties().get(s.setByField()) != ColumnType.STRING) {
                issues.add(issue(s.position().line(), s.position().column(), "stage '" + s.name() + "': set_by field '"
                                + s.setByField() + "' is not a string event property",
                        "declare it under event_properties: (e.g. " + s.setByField() + ": string); its values are stage values"));
                return null;
            }
            return ColumnType.STRING;
        }
        if (d instanceof Definition.Tier t) {
            for (int i = 0; i < t.rules().size(); i++) {
                customerExpr(d.name(), "rules[" + i + "]", t.rules().get(i).when(), ColumnType.BOOL, used);
            }
            return ColumnType.STRING;
        }
        if (d instanceof Definition.Audience a) {
            customerExpr(d.name(), "when", a.when(), ColumnType.BOOL, used);
            return ColumnType.BOOL;
        }
        if (d instanceof Definition.Selection s) {
            for (String group : s.from()) {
                Definition g = byName.get(group);
                ColumnType gt = resolve(group, d.position());
                if (gt != ColumnType.BOOL) {
                    issues.add(issue(d.position().line(), d.position().column(), "selection '" + d.name()
                                    + "' picks from '" + group + "', which is not a tag or segment"
                                    + (g == null ? "" : " (it is a " + g.kindName() + ")"),
                            Suggestions.hint(group, booleanNames(), "tags and segments")));
                } else {
                    used.add(group);
                }
            }
            customerExpr(d.name(), "order_by", s.orderBy(), ColumnType.NUMBER, used);
            return ColumnType.NUMBER;
        }
        throw new IllegalStateException("unhandled definition " + d);
    }

    private ColumnType checkTrait(Definition.Trait t) {
        Map<String, ColumnType> fields = FactFields.fieldsOf(t.table(), model.eventProperties());
        factExpr(t.name(), "where", t.where(), t.table());
        ColumnType fieldType = null;
        if (t.field() != null) {
            fieldType = fields.get(t.field());
            if (fieldType == null) {
                issues.add(issue(t.position().line(), t.position().column(),
                        "trait '" + t.name() + "': table '" + t.table() + "' has no field '" + t.field() + "'",
                        Suggestions.hint(t.field(), fields.keySet(), "fields of " + t.table())
                                + (t.table().equals("events") ? " (declare event properties under event_properties:)" : "")));
                return null;
            }
        }
        switch (t.aggregate()) {
            case SUM, AVG -> {
                if (fieldType != ColumnType.NUMBER) {
                    issues.add(issue(t.position().line(), t.position().column(), "trait '" + t.name() + "': "
                            + t.aggregate().key() + " needs a number field, but '" + t.field() + "' is "
                            + fieldType.displayName(), "use count, distinct_count, first or last for text fields"));
                    return null;
                }
                return ColumnType.NUMBER;
            }
            case MIN, MAX -> {
                if (fieldType == ColumnType.STRING) {
                    issues.add(issue(t.position().line(), t.position().column(), "trait '" + t.name() + "': "
                            + t.aggregate().key() + " needs a number or time field, but '" + t.field() + "' is string",
                            "use first or last for text fields"));
                    return null;
                }
                return fieldType;
            }
            case FIRST, LAST -> {
                return fieldType;
            }
            case FIRST_TIME, LAST_TIME -> {
                return ColumnType.TIME;
            }
            case NEXT_DUE -> {
                if (!t.table().equals("order_items")) {
                    issues.add(issue(t.position().line(), t.position().column(), "trait '" + t.name()
                            + "': next_due works on order_items (each line's sku, quantity and the product's cycle_days)",
                            "write 'next_due: order_items'"));
                    return null;
                }
                return ColumnType.TIME;
            }
            case DAYS_SINCE -> {
                if (fieldType != null && fieldType != ColumnType.TIME) {
                    issues.add(issue(t.position().line(), t.position().column(), "trait '" + t.name()
                            + "': days_since needs a time field, but '" + t.field() + "' is " + fieldType.displayName(),
                            "write 'days_since: " + t.table() + "' for days since the latest fact"));
                    return null;
                }
                return ColumnType.NUMBER;
            }
            default -> {
                return ColumnType.NUMBER;
            }
        }
    }

    private CheckedExpression customerExpr(String def, String part, ExprText text, ColumnType required, Set<String> used) {
        if (text == null) {
            return null;
        }
        CheckedExpression checked = checkOrReport(text, new CustomerSchema(), required, describe(def, part));
        if (checked != null) {
            expressions.put(CompiledModel.key(def, part), checked);
            for (String ref : checked.references()) {
                if (byName.containsKey(ref)) {
                    used.add(ref);
                } else if (stageOfSince(ref) != null) {
                    used.add(stageOfSince(ref).name());
                }
            }
        }
        return checked;
    }

    private void factExpr(String def, String part, ExprText text, String table) {
        if (text == null) {
            return;
        }
        Map<String, ColumnType> fields = FactFields.fieldsOf(table, model.eventProperties());
        CheckedExpression checked = checkOrReport(text, new MapSchema(fields), ColumnType.BOOL,
                describe(def, part) + " (a filter on " + table + ")");
        if (checked != null) {
            expressions.put(CompiledModel.key(def, part), checked);
        }
    }

    private static String describe(String def, String part) {
        return "'" + part + "' of '" + def + "'";
    }

    private CheckedExpression checkOrReport(ExprText text, Schema schema, ColumnType required, String what) {
        try {
            return CheckedExpression.check(text, schema, required, what);
        } catch (ExprException e) {
            for (ExprIssue i : e.issues()) {
                if (!isAboutBrokenName(i.message())) {
                    issues.add(issue(i.line(), i.column(), i.message(), i.hint()));
                }
            }
            return null;
        }
    }

    /** A definition that failed to check is already reported; its users should not add "unknown name". */
    private boolean isAboutBrokenName(String message) {
        return failed.stream().anyMatch(name -> message.equals("unknown name '" + name + "'"));
    }

    /** The stage whose {@code <name>_since} this is, or null. */
    private Definition.Stage stageOfSince(String name) {
        return name.endsWith("_since") && byName.get(name.substring(0, name.length() - 6)) instanceof Definition.Stage s ? s : null;
    }

    private List<String> booleanNames() {
        List<String> out = new ArrayList<>();
        for (Definition d : model.definitions()) {
            if (d instanceof Definition.Audience) {
                out.add(d.name());
            }
        }
        return out;
    }

    private ModelIssue issue(int line, int column, String message, String hint) {
        String text = line >= 1 && line <= lines.length ? lines[line - 1] : "";
        return new ModelIssue(model.source(), line, column, message, hint, text);
    }

    /** Names usable in customer-level expressions: attributes and every definition. */
    private final class CustomerSchema implements Schema {
        @Override
        public ColumnType typeOf(String name) {
            if (model.attributes().containsKey(name)) {
                return model.attributes().get(name);
            }
            return resolve(name, null);
        }

        @Override
        public List<String> names() {
            List<String> all = new ArrayList<>(byName.keySet());
            byName.values().stream().filter(d -> d instanceof Definition.Stage).forEach(d -> all.add(d.name() + "_since"));
            all.addAll(model.attributes().keySet());
            return all;
        }
    }

    private record MapSchema(Map<String, ColumnType> fields) implements Schema {
        @Override
        public ColumnType typeOf(String name) {
            return fields.get(name);
        }

        @Override
        public List<String> names() {
            return new ArrayList<>(fields.keySet());
        }
    }
}
