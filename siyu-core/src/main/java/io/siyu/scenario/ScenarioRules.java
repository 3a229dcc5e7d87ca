package io.siyu.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A set of chat scenario rules (场景规则), read from YAML: per scenario, keywords, regular
 * expressions, synonyms and negation words. See {@code scenarios.yaml} beside this class for the
 * shipped set and docs/scenarios.md for the format.
 */
public record ScenarioRules(int negationWindow, List<Rule> rules) {

    /** One scenario: it fires when a keyword or pattern matches a clause and no negation precedes it. */
    public record Rule(String name, String description, Map<String, String> synonyms, List<String> keywords,
                       List<Pattern> patterns, List<String> negations, List<String> exclusions) {}

    /** The rule sets that ship with Siyu: repurchase (复购) and referral (转介绍). */
    public static ScenarioRules shipped() {
        try (InputStream in = ScenarioRules.class.getResourceAsStream("scenarios.yaml")) {
            return parse(new ObjectMapper(new YAMLFactory()).readTree(in), "scenarios.yaml (shipped)");
        } catch (IOException e) {
            throw new IllegalStateException("the shipped scenario rules are missing from the jar", e);
        }
    }

    /** Reads a rule file; problems name the file and, for YAML errors, the line and column. */
    public static ScenarioRules load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot read rules '" + file + "': no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(new ObjectMapper(new YAMLFactory()).readTree(in), file.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read rules '" + file + "': " + e.getMessage());
        }
    }

    private static ScenarioRules parse(JsonNode root, String source) {
        JsonNode scenarios = root == null ? null : root.get("scenarios");
        if (scenarios == null || !scenarios.isObject() || scenarios.isEmpty()) {
            throw new IllegalArgumentException(source + ": no 'scenarios:' mapping; write e.g.\n"
                    + "scenarios:\n  repurchase:\n    keywords: [快用完]\n    negations: [不是]");
        }
        List<Rule> rules = new ArrayList<>();
        scenarios.fields().forEachRemaining(e -> rules.add(rule(e.getKey(), e.getValue(), source)));
        return new ScenarioRules(root.path("negation_window").asInt(3), List.copyOf(rules));
    }

    private static Rule rule(String name, JsonNode node, String source) {
        String where = source + ": scenario '" + name + "'";
        Map<String, String> synonyms = new LinkedHashMap<>();
        node.path("synonyms").fields().forEachRemaining(e -> strings(e.getValue(), where + " synonyms." + e.getKey())
                .forEach(variant -> synonyms.put(variant, e.getKey())));
        List<Pattern> patterns = new ArrayList<>();
        for (String p : strings(node.path("patterns"), where + " patterns")) {
            try {
                patterns.add(Pattern.compile(p));
            } catch (PatternSyntaxException ex) {
                throw new IllegalArgumentException(where + ": pattern '" + p + "' is not a valid regular expression: "
                        + ex.getDescription() + " near index " + ex.getIndex());
            }
        }
        List<String> keywords = strings(node.path("keywords"), where + " keywords");
        if (keywords.isEmpty() && patterns.isEmpty()) {
            throw new IllegalArgumentException(where + " has neither keywords nor patterns: give at least one");
        }
        return new Rule(name, node.path("description").asText(""), synonyms, keywords, List.copyOf(patterns),
                strings(node.path("negations"), where + " negations"), strings(node.path("exclusions"), where + " exclusions"));
    }

    private static List<String> strings(JsonNode node, String where) {
        List<String> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " must be a list, e.g. [快用完, 快吃完]");
        }
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}
