package io.siyu.expr;

import io.siyu.facts.ColumnType;

/**
 * A planned expression, ready to evaluate row by row. Only the accessor matching {@link #type()}
 * is meaningful; none of them allocates.
 */
public final class Evaluator {
    private final ColumnType type;
    private final Readers.BoolReader bool;
    private final Readers.NumberReader number;
    private final Readers.TimeReader time;
    private final Readers.StringReader string;

    Evaluator(ColumnType type, Readers.BoolReader bool, Readers.NumberReader number, Readers.TimeReader time,
              Readers.StringReader string) {
        this.type = type;
        this.bool = bool;
        this.number = number;
        this.time = time;
        this.string = string;
    }

    public ColumnType type() {
        return type;
    }

    public boolean test(int row) {
        return bool.get(row);
    }

    public double number(int row) {
        return number.get(row);
    }

    public long time(int row) {
        return time.get(row);
    }

    public String string(int row) {
        return string.get(row);
    }

    /** The expression as a predicate (valid for true/false expressions). */
    public Readers.BoolReader predicate() {
        return bool;
    }
}
