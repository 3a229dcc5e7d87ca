package io.siyu.engine;

/** A condition on one row (a fact row or a customer index); never allocates. */
@FunctionalInterface
public interface RowPredicate {
    RowPredicate ALWAYS = row -> true;

    boolean test(int row);
}
