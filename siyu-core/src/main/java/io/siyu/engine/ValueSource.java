package io.siyu.engine;

import io.siyu.facts.Column;

/**
 * Where an expression's names get their values when it is planned: per-row columns, yes/no
 * flags, or population constants. One implementation serves customer-level expressions, one
 * serves filters on fact rows.
 */
interface ValueSource {
    /** The column for a name, or null. */
    Column column(String name);

    /** The flags for a yes/no name, or null. */
    default Flags flags(String name) {
        return null;
    }

    /** A value that is the same for every row (a population statistic), or null. */
    default Double constant(String name) {
        return null;
    }
}
