package io.siyu.expr;

import io.siyu.facts.Dictionary;
import io.siyu.facts.StringColumn;
import io.siyu.facts.TimeColumn;
import io.siyu.facts.Timestamps;
import io.siyu.expr.Readers.BoolReader;
import io.siyu.expr.Readers.NumberReader;
import io.siyu.expr.Readers.StringReader;
import io.siyu.expr.Readers.TimeReader;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a checked tree into small row readers, one per node. Null is NaN for numbers,
 * {@link TimeColumn#NULL} for times and null for strings; see {@link Expression} for the rules.
 */
final class Planner {
    private static final long NULL_TIME = TimeColumn.NULL;

    private final Map<Node, Type> types;
    private final Set<String> references;
    private final Bindings bindings;
    private final EvalContext context;
    private final long asOfDay;
    private final boolean fixedZone;
    private final long zoneOffset;

    Planner(Map<Node, Type> types, Set<String> references, Bindings bindings, EvalContext context) {
        this.types = types;
        this.references = references;
        this.bindings = bindings;
        this.context = context;
        this.asOfDay = Timestamps.localEpochDay(context.asOfEpochSecond(), context.zone());
        this.fixedZone = context.zone().getRules().isFixedOffset();
        this.zoneOffset = fixedZone ? context.zone().getRules().getOffset(Instant.EPOCH).getTotalSeconds() : 0;
    }

    private Type typeOf(Node n) {
        return types.get(n);
    }

    // ---- booleans -----------------------------------------------------------------------

    BoolReader bool(Node node) {
        if (node instanceof Node.BoolLiteral b) {
            boolean v = b.value();
            return row -> v;
        }
        if (node instanceof Node.Name n) {
            return bindings.bool(n.name());
        }
        if (node instanceof Node.Unary u) {
            BoolReader inner = bool(u.operand());
            return row -> !inner.get(row);
        }
        if (node instanceof Node.In in) {
            return in(in);
        }
        if (node instanceof Node.Call c) {
            return boolCall(c);
        }
        Node.Binary b = (Node.Binary) node;
        switch (b.op()) {
            case "and": {
                BoolReader l = bool(b.left());
                BoolReader r = bool(b.right());
                return row -> l.get(row) && r.get(row);
            }
            case "or": {
                BoolReader l = bool(b.left());
                BoolReader r = bool(b.right());
                return row -> l.get(row) || r.get(row);
            }
            default:
                return compare(b);
        }
    }

    private BoolReader compare(Node.Binary b) {
        String op = b.op();
        Type l = typeOf(b.left());
        Type r = typeOf(b.right());
        if (l == Type.NULL || r == Type.NULL) {
            return nullTest(l == Type.NULL ? b.right() : b.left(), op);
        }
        switch (l) {
            case NUMBER: {
                NumberReader x = number(b.left());
                NumberReader y = number(b.right());
                switch (op) {
                    case "==": return row -> x.get(row) == y.get(row);
                    case "!=": return row -> {
                        double a = x.get(row);
                        double c = y.get(row);
                        return a == a && c == c && a != c;
                    };
                    case "<": return row -> x.get(row) < y.get(row);
                    case "<=": return row -> x.get(row) <= y.get(row);
                    case ">": return row -> x.get(row) > y.get(row);
                    default: return row -> x.get(row) >= y.get(row);
                }
            }
            case TIME: {
                TimeReader x = time(b.left());
                TimeReader y = time(b.right());
                switch (op) {
                    case "==": return row -> { long a = x.get(row); long c = y.get(row); return a != NULL_TIME && c != NULL_TIME && a == c; };
                    case "!=": return row -> { long a = x.get(row); long c = y.get(row); return a != NULL_TIME && c != NULL_TIME && a != c; };
                    case "<": return row -> { long a = x.get(row); long c = y.get(row); return a != NULL_TIME && c != NULL_TIME && a < c; };
                    case "<=": return row -> { long a = x.get(row); long c = y.get(row); return a != NULL_TIME && c != NULL_TIME && a <= c; };
                    case ">": return row -> { long a = x.get(row); long c = y.get(row); return a != NULL_TIME && c != NULL_TIME && a > c; };
                    default: return row -> { long a = x.get(row); long c = y.get(row); return a != NULL_TIME && c != NULL_TIME && a >= c; };
                }
            }
            case STRING: {
                BoolReader fast = stringCodeCompare(b);
                if (fast != null) {
                    return fast;
                }
                StringReader x = string(b.left());
                StringReader y = string(b.right());
                boolean equal = op.equals("==");
                return row -> {
                    String a = x.get(row);
                    String c = y.get(row);
                    return a != null && c != null && a.equals(c) == equal;
                };
            }
            default: {
                BoolReader x = bool(b.left());
                BoolReader y = bool(b.right());
                return op.equals("==") ? row -> x.get(row) == y.get(row) : row -> x.get(row) != y.get(row);
            }
        }
    }

    /** {@code field == 'literal'} on a dictionary column: one int comparison per row. */
    private BoolReader stringCodeCompare(Node.Binary b) {
        Node.Name name = b.left() instanceof Node.Name n ? n : b.right() instanceof Node.Name n2 ? n2 : null;
        Node.StringLiteral lit = b.left() instanceof Node.StringLiteral s ? s : b.right() instanceof Node.StringLiteral s2 ? s2 : null;
        if (name == null || lit == null) {
            return null;
        }
        StringColumn column = bindings.stringColumn(name.name());
        if (column == null) {
            return null;
        }
        int code = column.dictionary().lookup(lit.value());
        int[] codes = column.codes();
        return b.op().equals("==") ? row -> codes[row] == code : row -> codes[row] >= 0 && codes[row] != code;
    }

    private BoolReader nullTest(Node other, String op) {
        boolean wantNull = op.equals("==");
        if (!op.equals("==") && !op.equals("!=")) {
            return row -> false;
        }
        Type t = typeOf(other);
        BoolReader isNull = switch (t) {
            case NUMBER -> {
                NumberReader x = number(other);
                yield row -> Double.isNaN(x.get(row));
            }
            case TIME -> {
                TimeReader x = time(other);
                yield row -> x.get(row) == NULL_TIME;
            }
            case STRING -> {
                StringReader x = string(other);
                yield row -> x.get(row) == null;
            }
            case NULL -> row -> true;
            default -> row -> false;
        };
        return wantNull ? isNull : row -> !isNull.get(row);
    }

    private BoolReader in(Node.In in) {
        Type t = typeOf(in.value());
        BoolReader member;
        List<Node> items = in.items().stream().filter(i -> typeOf(i) != Type.NULL).toList();
        if (t == Type.STRING) {
            StringColumn column = in.value() instanceof Node.Name n ? bindings.stringColumn(n.name()) : null;
            boolean literals = items.stream().allMatch(i -> i instanceof Node.StringLiteral);
            if (column != null && literals) {
                Dictionary dict = column.dictionary();
                boolean[] byCode = new boolean[dict.size()];
                for (Node i : items) {
                    int code = dict.lookup(((Node.StringLiteral) i).value());
                    if (code >= 0) {
                        byCode[code] = true;
                    }
                }
                int[] codes = column.codes();
                member = row -> {
                    int c = codes[row];
                    return c >= 0 && byCode[c];
                };
            } else {
                StringReader x = string(in.value());
                StringReader[] readers = items.stream().map(this::string).toArray(StringReader[]::new);
                if (literals) {
                    Set<String> set = new HashSet<>();
                    items.forEach(i -> set.add(((Node.StringLiteral) i).value()));
                    member = row -> {
                        String v = x.get(row);
                        return v != null && set.contains(v);
                    };
                } else {
                    member = row -> {
                        String v = x.get(row);
                        if (v == null) {
                            return false;
                        }
                        for (StringReader r : readers) {
                            if (v.equals(r.get(row))) {
                                return true;
                            }
                        }
                        return false;
                    };
                }
            }
        } else if (t == Type.TIME) {
            TimeReader x = time(in.value());
            TimeReader[] readers = items.stream().map(this::time).toArray(TimeReader[]::new);
            member = row -> {
                long v = x.get(row);
                if (v == NULL_TIME) {
                    return false;
                }
                for (TimeReader r : readers) {
                    if (r.get(row) == v) {
                        return true;
                    }
                }
                return false;
            };
        } else if (t == Type.NUMBER) {
            NumberReader x = number(in.value());
            NumberReader[] readers = items.stream().map(this::number).toArray(NumberReader[]::new);
            member = row -> {
                double v = x.get(row);
                for (NumberReader r : readers) {
                    if (r.get(row) == v) {
                        return true;
                    }
                }
                return false;
            };
        } else {
            member = row -> false;
        }
        if (!in.negated()) {
            return member;
        }
        BoolReader present = nullTest(in.value(), "!=");
        return row -> present.get(row) && !member.get(row);
    }

    private BoolReader boolCall(Node.Call c) {
        List<Node> a = c.args();
        switch (c.function()) {
            case "is_null":
                return nullTest(a.get(0), "==");
            case "contains": {
                StringReader s = string(a.get(0));
                StringReader part = string(a.get(1));
                return row -> {
                    String x = s.get(row);
                    String y = part.get(row);
                    return x != null && y != null && x.contains(y);
                };
            }
            case "starts_with": {
                StringReader s = string(a.get(0));
                StringReader part = string(a.get(1));
                return row -> {
                    String x = s.get(row);
                    String y = part.get(row);
                    return x != null && y != null && x.startsWith(y);
                };
            }
            default:
                throw new IllegalStateException("not a true/false function: " + c.function());
        }
    }

    // ---- numbers ------------------------------------------------------------------------

    NumberReader number(Node node) {
        if (node instanceof Node.NumberLiteral n) {
            double v = n.value();
            return row -> v;
        }
        if (node instanceof Node.NullLiteral) {
            return row -> Double.NaN;
        }
        if (node instanceof Node.Name n) {
            return bindings.number(n.name());
        }
        if (node instanceof Node.Unary u) {
            NumberReader inner = number(u.operand());
            return row -> -inner.get(row);
        }
        if (node instanceof Node.Call c) {
            return numberCall(c);
        }
        Node.Binary b = (Node.Binary) node;
        NumberReader x = number(b.left());
        NumberReader y = number(b.right());
        switch (b.op()) {
            case "+": return row -> x.get(row) + y.get(row);
            case "-": return row -> x.get(row) - y.get(row);
            case "*": return row -> x.get(row) * y.get(row);
            case "/": return row -> {
                double d = y.get(row);
                return d == 0 ? Double.NaN : x.get(row) / d;
            };
            case "%": return row -> {
                double d = y.get(row);
                return d == 0 ? Double.NaN : x.get(row) % d;
            };
            default: return row -> { // ??
                double v = x.get(row);
                return v == v ? v : y.get(row);
            };
        }
    }

    private NumberReader numberCall(Node.Call c) {
        List<Node> a = c.args();
        switch (c.function()) {
            case "days_since": {
                TimeReader t = time(a.get(0));
                return row -> {
                    long v = t.get(row);
                    return v == NULL_TIME ? Double.NaN : asOfDay - localDay(v);
                };
            }
            case "days_until": {
                TimeReader t = time(a.get(0));
                return row -> {
                    long v = t.get(row);
                    return v == NULL_TIME ? Double.NaN : localDay(v) - asOfDay;
                };
            }
            case "hours_since": {
                TimeReader t = time(a.get(0));
                long asOf = context.asOfEpochSecond();
                return row -> {
                    long v = t.get(row);
                    return v == NULL_TIME ? Double.NaN : Math.floorDiv(asOf - v, 3600L);
                };
            }
            case "days_between": {
                TimeReader from = time(a.get(0));
                TimeReader to = time(a.get(1));
                return row -> {
                    long f = from.get(row);
                    long t = to.get(row);
                    return f == NULL_TIME || t == NULL_TIME ? Double.NaN : localDay(t) - localDay(f);
                };
            }
            case "year":
                return datePart(a.get(0), 0);
            case "month":
                return datePart(a.get(0), 1);
            case "day_of_week":
                return datePart(a.get(0), 2);
            case "abs": {
                NumberReader x = number(a.get(0));
                return row -> Math.abs(x.get(row));
            }
            case "round": {
                NumberReader x = number(a.get(0));
                return row -> {
                    double v = x.get(row);
                    return v == v ? Math.floor(v + 0.5) : v;
                };
            }
            case "floor": {
                NumberReader x = number(a.get(0));
                return row -> Math.floor(x.get(row));
            }
            case "ceil": {
                NumberReader x = number(a.get(0));
                return row -> Math.ceil(x.get(row));
            }
            case "min": {
                NumberReader x = number(a.get(0));
                NumberReader y = number(a.get(1));
                return row -> {
                    double p = x.get(row);
                    double q = y.get(row);
                    return p != p || q != q ? Double.NaN : Math.min(p, q);
                };
            }
            case "max": {
                NumberReader x = number(a.get(0));
                NumberReader y = number(a.get(1));
                return row -> {
                    double p = x.get(row);
                    double q = y.get(row);
                    return p != p || q != q ? Double.NaN : Math.max(p, q);
                };
            }
            case "length": {
                StringReader s = string(a.get(0));
                return row -> {
                    String v = s.get(row);
                    return v == null ? Double.NaN : v.codePointCount(0, v.length());
                };
            }
            case "coalesce": {
                NumberReader[] readers = a.stream().map(this::number).toArray(NumberReader[]::new);
                return row -> {
                    for (NumberReader r : readers) {
                        double v = r.get(row);
                        if (v == v) {
                            return v;
                        }
                    }
                    return Double.NaN;
                };
            }
            default:
                throw new IllegalStateException("not a number function: " + c.function());
        }
    }

    private NumberReader datePart(Node arg, int part) {
        TimeReader t = time(arg);
        ZoneId zone = context.zone();
        return row -> {
            long v = t.get(row);
            if (v == NULL_TIME) {
                return Double.NaN;
            }
            ZonedDateTime d = Instant.ofEpochSecond(v).atZone(zone);
            return part == 0 ? d.getYear() : part == 1 ? d.getMonthValue() : d.getDayOfWeek().getValue();
        };
    }

    private long localDay(long epochSecond) {
        return fixedZone ? Math.floorDiv(epochSecond + zoneOffset, 86_400L) : Timestamps.localEpochDay(epochSecond, context.zone());
    }

    // ---- times and strings --------------------------------------------------------------

    TimeReader time(Node node) {
        if (node instanceof Node.NullLiteral) {
            return row -> NULL_TIME;
        }
        if (node instanceof Node.Name n) {
            if (n.name().equals(Checker.AS_OF) && !references.contains(n.name())) {
                long asOf = context.asOfEpochSecond();
                return row -> asOf;
            }
            return bindings.time(n.name());
        }
        if (node instanceof Node.Call c) {
            if (c.function().equals("date")) {
                long v = Timestamps.parse(((Node.StringLiteral) c.args().get(0)).value(), context.zone());
                return row -> v;
            }
            TimeReader[] readers = c.args().stream().map(this::time).toArray(TimeReader[]::new);
            return row -> {
                for (TimeReader r : readers) {
                    long v = r.get(row);
                    if (v != NULL_TIME) {
                        return v;
                    }
                }
                return NULL_TIME;
            };
        }
        Node.Binary b = (Node.Binary) node; // ??
        TimeReader x = time(b.left());
        TimeReader y = time(b.right());
        return row -> {
            long v = x.get(row);
            return v != NULL_TIME ? v : y.get(row);
        };
    }

    StringReader string(Node node) {
        if (node instanceof Node.StringLiteral s) {
            String v = s.value();
            return row -> v;
        }
        if (node instanceof Node.NullLiteral) {
            return row -> null;
        }
        if (node instanceof Node.Name n) {
            return bindings.string(n.name());
        }
        if (node instanceof Node.Call c) {
            StringReader[] readers = c.args().stream().map(this::string).toArray(StringReader[]::new);
            return row -> {
                for (StringReader r : readers) {
                    String v = r.get(row);
                    if (v != null) {
                        return v;
                    }
                }
                return null;
            };
        }
        Node.Binary b = (Node.Binary) node; // ??
        StringReader x = string(b.left());
        StringReader y = string(b.right());
        return row -> {
            String v = x.get(row);
            return v != null ? v : y.get(row);
        };
    }
}
