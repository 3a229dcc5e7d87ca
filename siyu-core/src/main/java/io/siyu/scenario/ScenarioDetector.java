package io.siyu.scenario;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.common.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Finds scenarios in chat messages (C5, C6): each clause of a message is normalised (synonyms to
 * their canonical word), matched against each rule's keywords and patterns, and a match is kept
 * only if none of the rule's negation words is among the {@code negationWindow} words just before
 * it, and no exclusion phrase (a conditional such as "的话") is in the clause. Words come from HanLP's dictionary segmentation, so "没想到快用完了" (没想到 is one word) still
 * fires while "还没吃完呢" and "不是快用完" do not. Thread-safe (each thread reuses its own regex matchers).
 */
public final class ScenarioDetector {
    private static final java.util.regex.Pattern CLAUSE_BREAKS = java.util.regex.Pattern.compile("[，,。.!！?？;；~～\\n\\r\\s]+");

    private final ScenarioRules rules;
    /** Each rule's synonyms, longest first (so "快要吃完" is replaced before "吃完"), sorted once. */
    private final Map<ScenarioRules.Rule, List<Map.Entry<String, String>>> synonymsBySize = new java.util.IdentityHashMap<>();

    public ScenarioDetector(ScenarioRules rules) {
        this.rules = rules;
        for (ScenarioRules.Rule rule : rules.rules()) {
            List<Map.Entry<String, String>> bySize = new ArrayList<>(rule.synonyms().entrySet());
            bySize.sort((a, b) -> b.getKey().length() - a.getKey().length());
            synonymsBySize.put(rule, bySize);
        }
    }

    /** Every scenario found in the text, at most one per scenario, in rule order. */
    public List<Detection> detect(String text) {
        List<Detection> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String[] clauses = CLAUSE_BREAKS.split(lower);
        for (ScenarioRules.Rule rule : rules.rules()) {
            Detection d = detect(rule, lower, clauses);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private Detection detect(ScenarioRules.Rule rule, String text, String[] clauses) {
        int clauseStart = 0;
        for (String clause : clauses) {
            clauseStart = text.indexOf(clause, clauseStart);
            if (clause.isEmpty()) {
                continue;
            }
            String normal = normalise(clause, synonymsBySize.get(rule));
            if (holdsAny(normal, rule.exclusions())) {
                clauseStart += clause.length();
                continue; // a conditional ("没存货的话") is not a statement
            }
            for (Match m : matches(rule, normal)) {
                if (!negated(rule, normal, m.start())) {
                    return new Detection(rule.name(), m.text(), clauseStart);
                }
            }
            clauseStart += clause.length();
        }
        return null;
    }

    private static boolean holdsAny(String clause, List<String> phrases) {
        for (int i = 0; i < phrases.size(); i++) {
            if (clause.contains(phrases.get(i))) {
                return true;
            }
        }
        return false;
    }

    private record Match(int start, String text) {}

    /**
     * One matcher per pattern and thread, reset for each clause: every customer message goes through
     * every pattern, and a new matcher each time was a twentieth of what the server allocated. Per
     * detector, so a detector dropped takes its matchers with it.
     */
    private final ThreadLocal<Map<java.util.regex.Pattern, Matcher>> matchers =
            ThreadLocal.withInitial(java.util.IdentityHashMap::new);

    private List<Match> matches(ScenarioRules.Rule rule, String clause) {
        List<Match> out = new ArrayList<>();
        for (String k : rule.keywords()) {
            for (int at = clause.indexOf(k); at >= 0; at = clause.indexOf(k, at + 1)) {
                out.add(new Match(at, k));
            }
        }
        Map<java.util.regex.Pattern, Matcher> mine = matchers.get();
        for (java.util.regex.Pattern p : rule.patterns()) {
            Matcher m = mine.computeIfAbsent(p, q -> q.matcher("")).reset(clause);
            while (m.find()) {
                out.add(new Match(m.start(), m.group()));
            }
        }
        out.sort(java.util.Comparator.comparingInt(Match::start));
        return out;
    }

    /** Replaces every synonym by its canonical word, longest synonyms first. */
    private static String normalise(String clause, List<Map.Entry<String, String>> bySize) {
        String out = clause;
        for (Map.Entry<String, String> e : bySize) {
            if (out.contains(e.getKey())) {
                out = out.replace(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Whether a negation word is among the last few words before {@code start}. */
    private boolean negated(ScenarioRules.Rule rule, String clause, int start) {
        if (rule.negations().isEmpty() || start == 0) {
            return false;
        }
        List<Term> words = HanLP.segment(clause.substring(0, start));
        int from = Math.max(0, words.size() - rules.negationWindow());
        for (int i = from; i < words.size(); i++) {
            if (rule.negations().contains(words.get(i).word)) {
                return true;
            }
        }
        return false;
    }
}
