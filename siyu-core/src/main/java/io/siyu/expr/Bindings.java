package io.siyu.expr;

import io.siyu.facts.StringColumn;

/**
 * Where each name's values come from when an expression is planned. Only the reader matching
 * the checked type of a name is asked for.
 */
public interface Bindings {
    Readers.NumberReader number(String name);

    Readers.TimeReader time(String name);

    Readers.StringReader string(String name);

    Readers.BoolReader bool(String name);

    /**
     * The dictionary-encoded column behind a string name, if there is one, so that
     * {@code status == 'paid'} compares int codes instead of strings; null otherwise.
     */
    default StringColumn stringColumn(String name) {
        return null;
    }
}
