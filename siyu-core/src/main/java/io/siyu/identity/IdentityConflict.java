package io.siyu.identity;

import io.siyu.facts.PersonRef;
import java.util.List;

/**
 * A doubtful unification, for the operations team to check.
 *
 * @param type     what happened
 * @param survivor the survivor id of the customer concerned (for a refused merge: of the
 *                 customer the link's first reference ended up in)
 * @param refs     the references in conflict (the different UnionIDs)
 * @param source   where the refused link came from (identities.csv, orders.csv …), or null
 * @param message  a readable explanation
 */
public record IdentityConflict(Type type, String survivor, List<PersonRef> refs, String source, String message) {
    public IdentityConflict {
        refs = List.copyOf(refs);
    }

    public enum Type {
        /** One unified customer holds two or more different UnionIDs. */
        SEVERAL_UNIONIDS,
        /** A link was not applied because it would have merged two different UnionIDs. */
        MERGE_REFUSED
    }

    @Override
    public String toString() {
        return message;
    }
}
