package io.siyu.expr;

import io.siyu.facts.ColumnType;

/** Checker types: the value types plus the type of the {@code null} literal. */
enum Type {
    NUMBER, TIME, STRING, BOOL, NULL;

    static Type of(ColumnType t) {
        return Type.valueOf(t.name());
    }

    ColumnType columnType() {
        return this == NULL ? null : ColumnType.valueOf(name());
    }

    String display() {
        return this == BOOL ? "true/false" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
