package io.siyu.expr;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean" suggestions for misspelt names and keys. */
public final class Suggestions {
    private Suggestions() {}

    public static Optional<String> closest(String wrong, Collection<String> known) {
        return known.stream()
                .filter(k -> distance(wrong, k) <= Math.max(2, wrong.length() / 4))
                .min(Comparator.comparingInt((String k) -> distance(wrong, k)).thenComparing(k -> k));
    }

    /** "did you mean 'x'?", or the list of known names (at most 20) when none is close. */
    public static String hint(String wrong, Collection<String> known, String what) {
        return closest(wrong, known).map(k -> "did you mean '" + k + "'?").orElseGet(() -> {
            java.util.List<String> sorted = known.stream().sorted().limit(20).toList();
            return sorted.isEmpty() ? null : what + ": " + String.join(", ", sorted) + (known.size() > 20 ? ", …" : "");
        });
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
