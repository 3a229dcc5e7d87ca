package io.siyu.facts;

/** The value types of the model language and of fact columns. */
public enum ColumnType {
    NUMBER, TIME, STRING, BOOL;

    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
