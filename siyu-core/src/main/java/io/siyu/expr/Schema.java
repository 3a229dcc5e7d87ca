package io.siyu.expr;

import io.siyu.facts.ColumnType;
import java.util.Collection;

/** The names an expression may use and their types; consulted by the checker. */
public interface Schema {
    /** The type of a name, or null if the name is unknown. */
    ColumnType typeOf(String name);

    /** Every known name, for "did you mean" hints. */
    Collection<String> names();
}
