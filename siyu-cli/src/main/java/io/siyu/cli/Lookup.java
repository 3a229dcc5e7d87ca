package io.siyu.cli;

import io.siyu.facts.Customers;
import io.siyu.facts.PersonRef;

/** Finds a customer by survivor id or by any identity written as kind:value (e.g. phone:13800000000). */
final class Lookup {
    private Lookup() {}

    static int customer(Customers customers, String id) {
        int index = customers.indexOf(id);
        if (index >= 0) {
            return index;
        }
        for (int i = 0; i < customers.size(); i++) {
            for (PersonRef ref : customers.identities(i)) {
                if (ref.toString().equals(id) || ref.value().equals(id)) {
                    return i;
                }
            }
        }
        throw new UserError("unknown customer '" + id + "': no customer has this id or identity. "
                + "Give a customer_id from profiles.csv, or an identity as kind:value (e.g. unionid:o6_abc)");
    }
}
