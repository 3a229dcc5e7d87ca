package io.siyu.facts;

import java.util.Objects;

/** A reference to a person by one identifier, e.g. {@code phone:13800000000}. */
public record PersonRef(IdentityKind kind, String value) {
    public PersonRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    public static PersonRef customer(String customerId) {
        return new PersonRef(IdentityKind.CUSTOMER_ID, customerId);
    }

    @Override
    public String toString() {
        return kind.column() + ":" + value;
    }
}
