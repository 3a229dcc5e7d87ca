package io.siyu.expr;

import io.siyu.facts.ColumnType;
import io.siyu.facts.Timestamps;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Gives every node a type, or reports why it has none; records the names used. */
final class Checker {
    /** Built-in functions: argument types (null = any) and result type (null = same as first argument). */
    private record Function(List<Type> args, Type result, boolean variadic) {}

    static final Map<String, Function> FUNCTIONS = Map.ofEntries(
            Map.entry("days_since", new Function(List.of(Type.TIME), Type.NUMBER, false)),
            Map.entry("days_until", new Function(List.of(Type.TIME), Type.NUMBER, false)),
            Map.entry("hours_since", new Function(List.of(Type.TIME), Type.NUMBER, false)),
            Map.entry("days_between", new Function(List.of(Type.TIME, Type.TIME), Type.NUMBER, false)),
            Map.entry("date", new Function(List.of(Type.STRING), Type.TIME, false)),
            Map.entry("year", new Function(List.of(Type.TIME), Type.NUMBER, false)),
            Map.entry("month", new Function(List.of(Type.TIME), Type.NUMBER, false)),
            Map.entry("day_of_week", new Function(List.of(Type.TIME), Type.NUMBER, false)),
            Map.entry("abs", new Function(List.of(Type.NUMBER), Type.NUMBER, false)),
            Map.entry("round", new Function(List.of(Type.NUMBER), Type.NUMBER, false)),
            Map.entry("floor", new Function(List.of(Type.NUMBER), Type.NUMBER, false)),
            Map.entry("ceil", new Function(List.of(Type.NUMBER), Type.NUMBER, false)),
            Map.entry("min", new Function(List.of(Type.NUMBER, Type.NUMBER), Type.NUMBER, false)),
            Map.entry("max", new Function(List.of(Type.NUMBER, Type.NUMBER), Type.NUMBER, false)),
            Map.entry("coalesce", new Function(List.of(), null, true)),
            Map.entry("is_null", new Function(java.util.Collections.singletonList(null), Type.BOOL, false)),
            Map.entry("contains", new Function(List.of(Type.STRING, Type.STRING), Type.BOOL, false)),
            Map.entry("starts_with", new Function(List.of(Type.STRING, Type.STRING), Type.BOOL, false)),
            Map.entry("length", new Function(List.of(Type.STRING), Type.NUMBER, false)));

    static final String AS_OF = "as_of";

    private final Schema schema;
    private final ExprSyntaxErrors errors;
    private final Map<Node, Type> types = new IdentityHashMap<>();
    private final Set<String> references = new LinkedHashSet<>();

    private Checker(Schema schema, ExprSyntaxErrors errors) {
        this.schema = schema;
        this.errors = errors;
    }

    record Result(Map<Node, Type> types, Set<String> references) {}

    static Result check(Node root, Schema schema, ExprSource source) {
        ExprSyntaxErrors errors = new ExprSyntaxErrors(source);
        Checker checker = new Checker(schema, errors);
        checker.type(root);
        errors.throwIfAny();
        return new Result(checker.types, checker.references);
    }

    /** The node's type, or null after reporting an issue (callers then stay quiet). */
    private Type type(Node node) {
        Type t = compute(node);
        if (t != null) {
            types.put(node, t);
        }
        return t;
    }

    private Type compute(Node node) {
        if (node instanceof Node.NumberLiteral) {
            return Type.NUMBER;
        }
        if (node instanceof Node.StringLiteral) {
            return Type.STRING;
        }
        if (node instanceof Node.BoolLiteral) {
            return Type.BOOL;
        }
        if (node instanceof Node.NullLiteral) {
            return Type.NULL;
        }
        if (node instanceof Node.Name n) {
            return name(n);
        }
        if (node instanceof Node.Unary u) {
            Type operand = type(u.operand());
            if (operand == null) {
                return null;
            }
            Type want = u.op().equals("not") ? Type.BOOL : Type.NUMBER;
            if (operand != want && operand != Type.NULL) {
                errors.add(u.operand().offset(), "'" + u.op() + "' needs " + article(want) + ", but "
                        + describe(u.operand(), operand), null);
                return null;
            }
            return want;
        }
        if (node instanceof Node.Binary b) {
            return binary(b);
        }
        if (node instanceof Node.In in) {
            return in(in);
        }
        return call((Node.Call) node);
    }

    private Type name(Node.Name n) {
        ColumnType t = schema.typeOf(n.name());
        if (t != null) {
            references.add(n.name());
            return Type.of(t);
        }
        if (n.name().equals(AS_OF)) {
            return Type.TIME;
        }
        if (FUNCTIONS.containsKey(n.name())) {
            errors.add(n.offset(), "'" + n.name() + "' is a function", "call it: " + n.name() + "(…)");
            return null;
        }
        errors.add(n.offset(), "unknown name '" + n.name() + "'", hint(n.name(), schema.names(), "names available"));
        return null;
    }

    private Type binary(Node.Binary b) {
        Type l = type(b.left());
        Type r = type(b.right());
        if (l == null || r == null) {
            return null;
        }
        switch (b.op()) {
            case "and", "or" -> {
                if (!requireOperand(b, b.left(), l, Type.BOOL) || !requireOperand(b, b.right(), r, Type.BOOL)) {
                    return null;
                }
                return Type.BOOL;
            }
            case "+", "-", "*", "/", "%" -> {
                if (!requireOperand(b, b.left(), l, Type.NUMBER) || !requireOperand(b, b.right(), r, Type.NUMBER)) {
                    return null;
                }
                return Type.NUMBER;
            }
            case "==", "!=" -> {
                if (l != r && l != Type.NULL && r != Type.NULL) {
                    errors.add(b.opOffset(), "cannot compare " + l.display() + " with " + r.display() + ": "
                            + describe(b.left(), l) + " and " + describe(b.right(), r), quoteHint(l, r));
                    return null;
                }
                return Type.BOOL;
            }
            case "<", "<=", ">", ">=" -> {
                for (Node side : List.of(b.left(), b.right())) {
                    Type t = side == b.left() ? l : r;
                    if (t != Type.NUMBER && t != Type.TIME && t != Type.NULL) {
                        errors.add(side.offset(), "operator '" + b.op() + "' needs numbers or times on both sides, but "
                                + describe(side, t), t == Type.STRING ? "strings can only be compared with == and !=" : null);
                        return null;
                    }
                }
                if (l != r && l != Type.NULL && r != Type.NULL) {
                    errors.add(b.opOffset(), "cannot compare " + l.display() + " with " + r.display(),
                            l == Type.TIME || r == Type.TIME ? "compare a time with a time, e.g. registered_at >= date('2025-01-01'), "
                                    + "or use days_since(t) for a number of days" : null);
                    return null;
                }
                return Type.BOOL;
            }
            default -> { // ??
                if (l != r && l != Type.NULL && r != Type.NULL) {
                    errors.add(b.opOffset(), "'??' needs the same type on both sides, but " + describe(b.left(), l)
                            + " and " + describe(b.right(), r), null);
                    return null;
                }
                if (l == Type.BOOL) {
                    errors.add(b.opOffset(), "'??' does not apply to true/false values: they are never null", null);
                    return null;
                }
                return l == Type.NULL ? r : l;
            }
        }
    }

    private boolean requireOperand(Node.Binary b, Node side, Type t, Type want) {
        if (t == want || t == Type.NULL) {
            return true;
        }
        String op = b.op();
        errors.add(side.offset(), "operator '" + op + "' needs " + plural(want) + " on both sides, but " + describe(side, t),
                want == Type.BOOL ? "write a comparison, e.g. " + (side instanceof Node.Name n ? n.name() : "x") + " > 0" : null);
        return false;
    }

    private Type in(Node.In in) {
        Type v = type(in.value());
        if (v == null) {
            return null;
        }
        if (v == Type.BOOL) {
            errors.add(in.value().offset(), "'in' needs a number, string or time on the left, but " + describe(in.value(), v), null);
            return null;
        }
        Type first = null;
        for (Node item : in.items()) {
            Type t = type(item);
            if (t == null || t == Type.NULL) {
                continue;
            }
            if (first == null) {
                first = t;
            } else if (t != first) {
                errors.add(item.offset(), "'in' list mixes " + first.display() + " and " + t.display(), "use one type in a list");
                return null;
            }
        }
        if (first != null && v != Type.NULL && first != v) {
            errors.add(in.items().get(0).offset(), "'in' compares " + describe(in.value(), v) + " with a list of "
                    + first.display() + "s", quoteHint(v, first));
            return null;
        }
        return Type.BOOL;
    }

    private Type call(Node.Call c) {
        Function f = FUNCTIONS.get(c.function());
        if (f == null) {
            errors.add(c.offset(), "unknown function '" + c.function() + "'", hint(c.function(), FUNCTIONS.keySet(), "functions"));
            return null;
        }
        List<Type> argTypes = new ArrayList<>();
        for (Node a : c.args()) {
            Type t = type(a);
            if (t == null) {
                return null;
            }
            argTypes.add(t);
        }
        if (f.variadic()) {
            if (argTypes.isEmpty()) {
                errors.add(c.offset(), "'" + c.function() + "' needs at least one argument", null);
                return null;
            }
            Type common = Type.NULL;
            for (int i = 0; i < argTypes.size(); i++) {
                Type t = argTypes.get(i);
                if (t == Type.NULL) {
                    continue;
                }
                if (common != Type.NULL && t != common) {
                    errors.add(c.args().get(i).offset(), "'" + c.function() + "' needs arguments of one type, but "
                            + describe(c.args().get(i), t) + " after " + common.display(), null);
                    return null;
                }
                common = t;
            }
            return common;
        }
        if (argTypes.size() != f.args().size()) {
            errors.add(c.offset(), "'" + c.function() + "' takes " + f.args().size() + " argument"
                    + (f.args().size() == 1 ? "" : "s") + ", not " + argTypes.size(), null);
            return null;
        }
        for (int i = 0; i < argTypes.size(); i++) {
            Type want = f.args().get(i);
            Type t = argTypes.get(i);
            if (want != null && t != want && t != Type.NULL) {
                errors.add(c.args().get(i).offset(), "function '" + c.function() + "' expects " + article(want)
                        + ", got " + t.display(), want == Type.TIME && t == Type.STRING
                        ? "turn text into a time with date('2024-05-01')" : null);
                return null;
            }
        }
        if (c.function().equals("date")) {
            if (!(c.args().get(0) instanceof Node.StringLiteral lit)) {
                errors.add(c.args().get(0).offset(), "date(…) takes a literal date such as '2024-05-01'", null);
                return null;
            }
            try {
                Timestamps.parse(lit.value(), ZoneId.of("UTC"));
            } catch (RuntimeException e) {
                errors.add(lit.offset(), "'" + lit.value() + "' is not a date or timestamp",
                        "write e.g. date('2024-05-01') or date('2024-05-01T10:00:00+08:00')");
                return null;
            }
        }
        return f.result();
    }

    private static String describe(Node node, Type t) {
        if (node instanceof Node.Name n) {
            return "'" + n.name() + "' is " + t.display();
        }
        if (node instanceof Node.StringLiteral s) {
            return "'" + s.value() + "' is a string";
        }
        if (node instanceof Node.NumberLiteral) {
            return "this is a number";
        }
        return "this is " + t.display();
    }

    private static String article(Type t) {
        return t == Type.BOOL ? "a true/false value" : "a " + t.display();
    }

    private static String plural(Type t) {
        return t == Type.BOOL ? "true/false values" : t.display() + "s";
    }

    private static String quoteHint(Type l, Type r) {
        if ((l == Type.STRING && r == Type.NUMBER) || (l == Type.NUMBER && r == Type.STRING)) {
            return "quote the number if the field is text ('5'), or compare a number field";
        }
        return null;
    }

    static String hint(String wrong, Collection<String> known, String what) {
        return Suggestions.hint(wrong, known, what);
    }
}
