package io.siyu.facts;

/**
 * One column of a fact table or of the customer table, stored as a primitive array. Columns
 * grow by appending and are read by row index; hot loops read the raw arrays directly.
 */
public sealed interface Column permits NumberColumn, TimeColumn, StringColumn {
    String name();

    ColumnType type();

    int size();

    boolean isNull(int row);

    /** The value as the user wrote it, or the empty string for null; for CSV and explanations. */
    String format(int row);

    /** Appends a value parsed from text (empty or null text appends null). */
    void appendText(String text, java.time.ZoneId zone);

    /** Rearranges the rows: new row {@code i} is old row {@code order[i]}; rows {@code order} leaves out are dropped. */
    void reorder(int[] order);

    /** A new column of the same name and type holding the given rows, in that order. */
    Column copyRows(int[] rows);
}
