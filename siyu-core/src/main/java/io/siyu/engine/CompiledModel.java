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
 * @param order       definitions in evaluation order
 * @param types       the value type of every definition and attribute
 * @param expressions the checked expressions of each definition, keyed by {@link #key}
 * @param uses        the names each definition's expressions refer to (for explanations)
 */
public record CompiledModel(Model model, List<Definition> order, Map<String, ColumnType> types,
                            Map<String, CheckedExpression> expressions, Map<String, Set<String>> uses) {

    public CompiledModel {
        order = List.copyOf(order);
        types = Collections.unmodifiableMap(types);
        expressions = Collections.unmodifiableMap(expressions);
        uses = Collections.unmodifiableMap(uses);
    }

    /** Key of one expression of a definition, e.g. {@code rfm_class#rules[2].when}. */
    public static String key(String definition, String part) {
        return definition + "#" + part;
    }

    public CheckedExpression expression(String definition, String part) {
        return expressions.get(key(definition, part));
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
