package io.siyu.store;

/**
 * Part of a list read from the store: at most {@code limit} rows, after skipping {@code offset}
 * (a listing of every task at a million customers would be millions of rows).
 */
public record Page(int offset, int limit) {
    /** The whole list. */
    public static final Page ALL = new Page(0, Integer.MAX_VALUE);

    public Page {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("a page skips 0 or more rows and holds 1 or more, not offset " + offset + ", limit " + limit);
        }
    }

    /** Page {@code number} (from 0) of pages of {@code size} rows, with one row more to tell whether another page follows. */
    public static Page numberWithOneMore(int number, int size) {
        return new Page(Math.multiplyExact(number, size), Math.addExact(size, 1));
    }

    boolean isAll() {
        return offset == 0 && limit == Integer.MAX_VALUE;
    }

    /** The SQL that reads this page of an ordered query (LIMIT and OFFSET read alike on SQLite and PostgreSQL). */
    String sql() {
        return isAll() ? "" : " LIMIT " + limit + " OFFSET " + offset;
    }
}
