package io.siyu.engine;

/** A number for one row; {@code NaN} is null. */
@FunctionalInterface
public interface RowNumber {
    double get(int row);
}
