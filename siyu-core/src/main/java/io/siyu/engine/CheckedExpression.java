package io.siyu.engine;

import io.siyu.expr.Bindings;
import io.siyu.expr.EvalContext;
import io.siyu.expr.Evaluator;
import io.siyu.expr.ExprSource;
import io.siyu.expr.Expression;
import io.siyu.expr.Readers;
import io.siyu.expr.Schema;
import io.siyu.facts.Column;
import io.siyu.facts.ColumnType;
import io.siyu.facts.NumberColumn;
import io.siyu.facts.StringColumn;
import io.siyu.facts.TimeColumn;
import io.siyu.model.ExprText;
import java.time.ZoneId;
import java.util.Set;

/** A model expression, checked, that the engine can plan over customers or fact rows. */
public final class CheckedExpression {
    private final ExprText text;
    private final Expression expression;

    private CheckedExpression(ExprText text, Expression expression) {
        this.text = text;
        this.expression = expression;
    }

    /** Compiles and, when {@code required} is given, checks the result type; throws ExprException. */
    static CheckedExpression check(ExprText text, Schema schema, ColumnType required, String what) {
        Expression e = Expression.compile(new ExprSource(text.source(), text.text(), text.line(), text.column(),
                text.continuationIndent()), schema);
        if (required != null) {
            e.requireType(required, what);
        }
        return new CheckedExpression(text, e);
    }

    public ExprText text() {
        return text;
    }

    public ColumnType type() {
        return expression.type();
    }

    public Set<String> references() {
        return expression.references();
    }

    /** For each name, the strings it must be one of for this filter to hold ({@link Expression#requiredStrings}). */
    public java.util.Map<String, Set<String>> requiredStrings() {
        return expression.requiredStrings();
    }

    /** Whether a row holds exactly when it has the {@link #requiredStrings()} ({@link Expression#isRequiredStringsExact}). */
    public boolean isRequiredStringsExact() {
        return expression.isRequiredStringsExact();
    }

    /** How many customers of a finished evaluation a true/false expression selects (planned once). */
    public int count(Profiles profiles) {
        RowPredicate p = planPredicate(profiles, profiles.asOf().getEpochSecond(), profiles.model().model().zone());
        int n = 0;
        for (int c = 0; c < profiles.size(); c++) {
            n += p.test(c) ? 1 : 0;
        }
        return n;
    }

    /** Whether a true/false expression holds for one customer of a finished evaluation. */
    public boolean holds(Profiles profiles, int customer) {
        return planPredicate(profiles, profiles.asOf().getEpochSecond(), profiles.model().model().zone()).test(customer);
    }

    Evaluator plan(ValueSource values, long asOf, ZoneId zone) {
        return expression.plan(new SourceBindings(values), new EvalContext(asOf, zone));
    }

    RowPredicate planPredicate(ValueSource values, long asOf, ZoneId zone) {
        Readers.BoolReader reader = plan(values, asOf, zone).predicate();
        return reader::get;
    }

    /** Reads names from a {@link ValueSource}: columns, flags and population constants. */
    private record SourceBindings(ValueSource values) implements Bindings {
        @Override
        public Readers.NumberReader number(String name) {
            Double constant = values.constant(name);
            if (constant != null) {
                double v = constant;
                return row -> v;
            }
            Column c = values.column(name);
            if (c instanceof NumberColumn n) {
                double[] a = n.values();
                return row -> a[row];
            }
            throw new IllegalStateException("no number column '" + name + "'");
        }

        @Override
        public Readers.TimeReader time(String name) {
            Column c = values.column(name);
            if (c instanceof TimeColumn t) {
                long[] a = t.values();
                return row -> a[row];
            }
            throw new IllegalStateException("no time column '" + name + "'");
        }

        @Override
        public Readers.StringReader string(String name) {
            Column c = values.column(name);
            if (c instanceof StringColumn s) {
                return s::get;
            }
            throw new IllegalStateException("no string column '" + name + "'");
        }

        @Override
        public Readers.BoolReader bool(String name) {
            Flags f = values.flags(name);
            if (f != null) {
                boolean[] a = f.values();
                return row -> a[row];
            }
            throw new IllegalStateException("no yes/no values '" + name + "'");
        }

        @Override
        public StringColumn stringColumn(String name) {
            return values.column(name) instanceof StringColumn s ? s : null;
        }
    }
}
