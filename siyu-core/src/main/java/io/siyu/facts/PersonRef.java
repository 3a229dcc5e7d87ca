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

    // written out: the generated record methods go through a method handle per call, and the live
    // path looks a reference up for every fact
    @Override
    public boolean equals(Object o) {
        return o instanceof PersonRef r && kind == r.kind && value.equals(r.value);
    }

    @Override
    public int hashCode() {
        return 31 * kind.ordinal() + value.hashCode(); // ordinal, not the enum's identity hash: the same in every run
    }

    @Override
    public String toString() {
        return kind.column() + ":" + value;
    }

    /** A reference written as {@link #toString()} does ({@code phone:13800000000}), or empty when the text names no identity kind. */
    public static java.util.Optional<PersonRef> parse(String text) {
        int colon = text.indexOf(':');
        return colon <= 0 ? java.util.Optional.empty()
                : IdentityKind.fromColumn(text.substring(0, colon)).map(kind -> new PersonRef(kind, text.substring(colon + 1)));
    }
}
