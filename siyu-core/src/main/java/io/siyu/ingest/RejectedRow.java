package io.siyu.ingest;

/**
 * One input row (or a whole file, then {@code line} is the header line) that was not loaded.
 *
 * @param file   the file name, e.g. {@code orders.csv}
 * @param line   1-based physical line where the row starts
 * @param column 1-based column of the offending field (CSV: field position; JSON Lines: character
 *               column of the value), or 0 when the problem is not one field's
 * @param field  the offending field's name, or null
 * @param reason what is wrong and how to fix it
 */
public record RejectedRow(String file, long line, int column, String field, String reason) {

    /** {@code file:line:column: reason}, or {@code file:line: reason} without a column. */
    @Override
    public String toString() {
        return column > 0 ? file + ":" + line + ":" + column + ": " + reason : file + ":" + line + ": " + reason;
    }
}
