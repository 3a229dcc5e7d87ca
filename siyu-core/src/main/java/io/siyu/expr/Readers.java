package io.siyu.expr;

/** How planned expressions read named values for a row; never boxing, never allocating. */
public final class Readers {
    private Readers() {}

    /** A number per row; NaN is null. */
    @FunctionalInterface
    public interface NumberReader {
        double get(int row);
    }

    /** An instant (epoch seconds) per row; {@link io.siyu.facts.TimeColumn#NULL} is null. */
    @FunctionalInterface
    public interface TimeReader {
        long get(int row);
    }

    /** A string per row; null is null. */
    @FunctionalInterface
    public interface StringReader {
        String get(int row);
    }

    /** A yes/no per row. */
    @FunctionalInterface
    public interface BoolReader {
        boolean get(int row);
    }
}
