package io.siyu.engine;

import io.siyu.facts.ColumnType;
import io.siyu.model.Definition;
import io.siyu.model.Model;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model whose expressions are all type-checked and whose definitions are in evaluation order
 * (every definition after what it uses). Immutable; compile once, evaluate many times.
 *
 * <p>{@code order}: definitions in evaluation order; {@code types}: the value type of every
 * definition and attribute; {@code expressions}: the checked expressions of each definition, keyed
 * by {@link #key}; {@code uses}: the names each definition's expressions refer to (for explanations).
 */
public final class CompiledModel {
    private final Model model;
    private final List<Definition> order;
    private final Map<String, ColumnType> types;
    private final Map<String, CheckedExpression> expressions;
    private final Map<String, Set<String>> uses;
    /** The same expressions by definition, then part: the live path looks them up per fact without building keys. */
    private final Map<String, Map<String, CheckedExpression>> byDefinition = new java.util.HashMap<>();

    public CompiledModel(Model model, List<Definition> order, Map<String, ColumnType> types,
                         Map<String, CheckedExpression> expressions, Map<String, Set<String>> uses) {
        this.model = model;
        this.order = List.copyOf(order);
        this.types = Collections.unmodifiableMap(types);
        this.expressions = Collections.unmodifiableMap(expressions);
        this.uses = Collections.unmodifiableMap(uses);
        expressions.forEach((key, e) -> {
            int hash = key.lastIndexOf('#'); // parts (where, rules[2].when …) have no '#'
            byDefinition.computeIfAbsent(key.substring(0, hash), k -> new java.util.HashMap<>()).put(key.substring(hash + 1), e);
        });
    }

    public Model model() {
        return model;
    }

    public List<Definition> order() {
        return order;
    }

    public Map<String, ColumnType> types() {
        return types;
    }

    public Map<String, CheckedExpression> expressions() {
        return expressions;
    }

    public Map<String, Set<String>> uses() {
        return uses;
    }

    /** Key of one expression of a definition, e.g. {@code rfm_class#rules[2].when}. */
    public static String key(String definition, String part) {
        return definition + "#" + part;
    }

    public CheckedExpression expression(String definition, String part) {
        Map<String, CheckedExpression> parts = byDefinition.get(definition);
        return parts == null ? null : parts.get(part);
    }

    /**
     * Compiles a true/false condition over this model's customer values (attributes and every
     * definition), e.g. a playbook rule's {@code if:}; throws {@link io.siyu.expr.ExprException}.
     */
    public CheckedExpression condition(io.siyu.model.ExprText text, String what) {
        io.siyu.expr.Schema schema = new io.siyu.expr.Schema() {
            @Override
            public ColumnType typeOf(String name) {
                return types.get(name);
            }

            @Override
            public java.util.Collection<String> names() {
                return types.keySet();
            }
        };
        return CheckedExpression.check(text, schema, ColumnType.BOOL, what);
    }
}
