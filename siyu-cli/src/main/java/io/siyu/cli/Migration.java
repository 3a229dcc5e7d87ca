package io.siyu.cli;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Counts customers by (tier value before, tier value after); absent on one side counts as "(none)". */
final class Migration {
    static final String NONE = "(none)";

    private Migration() {}

    static Map<String, Map<String, Long>> matrix(Map<String, String> before, Map<String, String> after) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        Set<String> customers = new HashSet<>(before.keySet());
        customers.addAll(after.keySet());
        for (String c : customers) {
            String from = before.getOrDefault(c, NONE);
            String to = after.getOrDefault(c, NONE);
            out.computeIfAbsent(from, k -> new TreeMap<>()).merge(to, 1L, Long::sum);
        }
        return out;
    }
}
