package io.siyu.facts;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of identifier that can point at a person (身份标识). A fact refers to its person by
 * exactly one of them; identity links say that several of them belong to one person.
 *
 * <p>The declaration order is the survivor priority: when a unified customer has no
 * {@code customer_id}, its id is taken from the first kind present (see {@code IdentityResolver}).
 */
public enum IdentityKind {
    CUSTOMER_ID("customer_id"),
    UNIONID("unionid"),
    MEMBER_ID("member_id"),
    PHONE("phone"),
    EXTERNAL_USERID("external_userid"),
    OPENID("openid");

    private final String column;

    IdentityKind(String column) {
        this.column = column;
    }

    /** The column name used in data files, e.g. {@code external_userid}. */
    public String column() {
        return column;
    }

    public static Optional<IdentityKind> fromColumn(String column) {
        return Arrays.stream(values()).filter(k -> k.column.equals(column)).findFirst();
    }
}
