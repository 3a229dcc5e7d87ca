package io.siyu.expr;

import io.siyu.facts.ColumnType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An expression of the layering model language, parsed and type-checked: the one language used
 * for filters, conditions and derived values. Stages are separate — {@link #compile} parses and
 * checks against a {@link Schema}; {@link #plan} binds names to columns and builds allocation-free
 * row readers; the {@link Evaluator} evaluates rows.
 *
 * <p>Null rules: arithmetic with null gives null; division or modulo by zero gives null; any
 * comparison involving null is false (both {@code ==} and {@code !=}), except {@code x == null}
 * and {@code x != null}, which test for null; {@code in} with a null value is false; {@code not}
 * flips true/false (two-valued logic: {@code not (x > 5)} is true when x is null); a yes/no name
 * never holds null; {@code a ?? b} is b when a is null. Strings compare only with {@code ==},
 * {@code !=} and {@code in}; mixing types is an error found when checking, never at evaluation.
 */
public final class Expression {
    private final ExprSource source;
    private final Node root;
    private final Map<Node, Type> types;
    private final Set<String> references;

    private Expression(ExprSource source, Node root, Map<Node, Type> types, Set<String> references) {
        this.source = source;
        this.root = root;
        this.types = types;
        this.references = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(references));
    }

    public static Expression compile(ExprSource source, Schema schema) {
        return compile(source, schema, ExprLimits.DEFAULT);
    }

    /** Parses and checks; throws {@link ExprException} listing every issue with file:line:column. */
    public static Expression compile(ExprSource source, Schema schema, ExprLimits limits) {
        Node root = Parser.parse(source, limits);
        Checker.Result checked = Checker.check(root, schema, source);
        return new Expression(source, root, checked.types(), checked.references());
    }

    /** The result type; null only for the bare literal {@code null}. */
    public ColumnType type() {
        return types.get(root).columnType();
    }

    /** The schema names this expression reads. */
    public Set<String> references() {
        return references;
    }

    public ExprSource source() {
        return source;
    }

    /** Fails unless the expression has the type a place requires, e.g. a tier condition must be true/false. */
    public Expression requireType(ColumnType required, String what) {
        Type actual = types.get(root);
        if (actual != Type.of(required) && actual != Type.NULL) {
            int[] pos = source.position(root.offset());
            String hint = required == ColumnType.BOOL ? "write a comparison, e.g. " + source.text() + " > 0" : null;
            throw new ExprException(List.of(new ExprIssue(source.sourceName(), pos[0], pos[1],
                    what + " must be " + Type.of(required).display() + ", but this expression is " + actual.display(), hint)));
        }
        return this;
    }

    /**
     * For each name, the strings its value must be one of for this true/false expression to hold:
     * a necessary condition read off {@code name == 'x'}, {@code name in ['x', 'y']} and their
     * conjunctions with {@code and} (empty when the expression has none of these). It lets the live
     * engine pass over a fact that cannot satisfy a filter without planning the filter.
     */
    public Map<String, Set<String>> requiredStrings() {
        return required(root);
    }

    /**
     * Whether {@link #requiredStrings()} is not only necessary but sufficient: the expression is
     * nothing but equalities and lists of string literals joined by {@code and}, so a row holds
     * exactly when each named value is one of its required strings.
     */
    public boolean isRequiredStringsExact() {
        return exact(root);
    }

    private boolean exact(Node node) {
        if (node instanceof Node.Binary b && b.op().equals("and")) {
            return exact(b.left()) && exact(b.right());
        }
        return !required(node).isEmpty();
    }

    private Map<String, Set<String>> required(Node node) {
        if (node instanceof Node.Binary b && b.op().equals("and")) {
            Map<String, Set<String>> out = new java.util.HashMap<>(required(b.left()));
            required(b.right()).forEach((name, values) -> out.merge(name, values, (x, y) -> {
                Set<String> both = new java.util.HashSet<>(x);
                both.retainAll(y);
                return both;
            }));
            return out;
        }
        if (node instanceof Node.Binary b && b.op().equals("==")) {
            Node.Name name = b.left() instanceof Node.Name n ? n : b.right() instanceof Node.Name n2 ? n2 : null;
            Node.StringLiteral literal = b.left() instanceof Node.StringLiteral l ? l
                    : b.right() instanceof Node.StringLiteral l2 ? l2 : null;
            if (name != null && literal != null && types.get(name) == Type.STRING) {
                return Map.of(name.name(), Set.of(literal.value()));
            }
        }
        if (node instanceof Node.In in && !in.negated() && in.value() instanceof Node.Name name && types.get(name) == Type.STRING
                && in.items().stream().allMatch(i -> i instanceof Node.StringLiteral || i instanceof Node.NullLiteral)) {
            // a null value is never in a list, so null items allow nothing
            Set<String> values = new java.util.HashSet<>();
            in.items().forEach(i -> {
                if (i instanceof Node.StringLiteral l) {
                    values.add(l.value());
                }
            });
            return Map.of(name.name(), values);
        }
        return Map.of();
    }

    /** Binds names to values and returns the row evaluator. */
    public Evaluator plan(Bindings bindings, EvalContext context) {
        Planner planner = new Planner(types, references, bindings, context);
        Type t = types.get(root);
        return switch (t) {
            case BOOL -> new Evaluator(ColumnType.BOOL, planner.bool(root), null, null, null);
            case NUMBER, NULL -> new Evaluator(ColumnType.NUMBER, null, planner.number(root), null, null);
            case TIME -> new Evaluator(ColumnType.TIME, null, null, planner.time(root), null);
            case STRING -> new Evaluator(ColumnType.STRING, null, null, null, planner.string(root));
        };
    }

    @Override
    public String toString() {
        return source.text();
    }
}
