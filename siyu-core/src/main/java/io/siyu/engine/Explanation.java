package io.siyu.engine;

import java.util.List;

/**
 * Why a customer has the values they have: for every definition, its value, the rule or
 * expression that produced it, and the evidence (the facts a trait counted, the values a rule
 * read, the earlier tier rules that did not hold).
 */
public record Explanation(String customerId, List<String> identities, List<Item> items) {

    public record Item(String name, String kind, String value, String rule, List<String> because) {}

    public String render() {
        StringBuilder out = new StringBuilder("customer ").append(customerId).append('\n');
        if (!identities.isEmpty()) {
            out.append("  identities: ").append(String.join(", ", identities)).append('\n');
        }
        for (Item item : items) {
            out.append('\n').append(item.kind()).append(' ').append(item.name()).append(" = ").append(item.value()).append('\n');
            if (item.rule() != null) {
                out.append("    rule: ").append(item.rule()).append('\n');
            }
            for (String b : item.because()) {
                out.append("    ").append(b).append('\n');
            }
        }
        return out.toString();
    }
}
